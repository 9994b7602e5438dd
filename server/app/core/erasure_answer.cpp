#include "server/app/core/erasure_answer.hpp"

#include "storage/connection.hpp"
#include "storage/fulltext_merge.hpp"

#include <memory>
#include <utility>

namespace kl::app {

namespace {

using Indexes = std::shared_ptr<const std::vector<std::string>>;

void merge_then_answer(Services& services, Indexes indexes, std::shared_ptr<Outcome> answer, Finish finish) {
    run_write(
        services.writer,
        [indexes](storage::Connection& c) -> nlohmann::json {
            bool clean = storage::merge_fulltext(c, *indexes);
            // The writer truncates the WAL after this job's commit, before its answer.
            if (clean) c.note_erasure();
            return {{"clean", clean}};
        },
        [&services, indexes, answer, finish = std::move(finish)](Outcome merged) mutable {
            if (failed(merged)) return finish(std::move(merged));
            if (!result(merged)["clean"].get<bool>())
                return merge_then_answer(services, indexes, answer, std::move(finish));
            finish(std::move(*answer));
        },
        storage::WriteLane::background);
}

}  // namespace

Finish after_erasure_is_gone(Services& services, std::vector<std::string> indexes, Finish finish) {
    auto shared_indexes = std::make_shared<const std::vector<std::string>>(std::move(indexes));
    return [&services, shared_indexes, finish = std::move(finish)](Outcome outcome) mutable {
        if (failed(outcome)) return finish(std::move(outcome));
        merge_then_answer(services, shared_indexes, std::make_shared<Outcome>(std::move(outcome)), std::move(finish));
    };
}

}  // namespace kl::app
