#include "server/app/documents/document_verbs.hpp"

#include "protocol/fields.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/access/session_access.hpp"
#include "server/app/documents/document_json.hpp"
#include "storage/connection.hpp"
#include "storage/documents.hpp"

namespace kl::app {

DocumentVerbs::DocumentVerbs(Services& services) : services_(services) {}

void DocumentVerbs::list(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    std::optional<std::int64_t> before;
    if (auto id = protocol::optional_id(request.params, "before")) before = protocol::id_value(*id);
    auto limit = static_cast<int>(protocol::optional_int(request.params, "limit", 1, max_limit).value_or(default_limit));
    run_read(
        services_.pool,
        [this, id = client->user_id(), session_id, before, limit](storage::Connection& c) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            return storage::in_read_transaction(c, [&]() -> nlohmann::json {
                auto access = require_session(c, caller, session_id, SessionAction::read, services_.now());
                auto reader = access.reader();
                // The query narrows as the gate would; the gate still decides each row.
                storage::DocumentFilter filter{reader.sees_as_moderator(), reader.user_id, reader.history_from};
                auto page = storage::page_documents(c, session_id, before, limit + 1, filter);
                bool has_more = page.size() > static_cast<std::size_t>(limit);
                if (has_more) page.pop_back();
                auto documents = nlohmann::json::array();
                for (const auto& document : page)
                    if (reader.may_see(document))
                        documents.push_back(document_json(c, document, reader.user_id, reader.sees_as_moderator()));
                return {{"documents", documents},
                        {"has_more", has_more},
                        {"next_before", has_more ? nlohmann::json(std::to_string(page.back().id)) : nullptr}};
            });
        },
        std::move(finish));
}

}  // namespace kl::app
