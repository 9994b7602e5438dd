#pragma once
// Paged list verbs (thread.posts, audit.list, document.list, mail.outbox, …) share
// one shape: `before` (an id; the page holds what comes just before it, newest
// first), `limit` (how many rows), and `has_more` in the answer. A verb reads
// limit + 1 rows, and the one extra tells whether another page follows.
#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace kl::protocol {

struct PageParams {
    std::optional<std::int64_t> before;  // the id the page ends before; none: from the newest
    int limit;                           // 1..max_limit rows
};

// Callers whose lambdas capture the fields copy them into variables rather than a
// structured binding: clang before 16 (Debian's, which ./fuzz.sh builds with) cannot
// capture a binding.
// Reads `before` (an id) and `limit` (1..max_limit, default_limit when absent).
// Throws ProtocolError(bad_request) for a malformed id or a limit out of range.
PageParams page_params(const nlohmann::json& params, int default_limit, int max_limit);

// Trims rows read as limit + 1 to the page and says whether more follow.
template <class Row>
bool take_page(std::vector<Row>& rows, int limit) {
    bool has_more = rows.size() > static_cast<std::size_t>(limit);
    if (has_more) rows.resize(static_cast<std::size_t>(limit));
    return has_more;
}

}  // namespace kl::protocol
