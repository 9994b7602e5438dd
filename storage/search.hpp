#pragma once
// Full-text search (SQLite FTS5) over one session's thread titles, posts, cards and
// note blocks. What a user types is never handed to FTS5 as query syntax: fts_query
// turns it into quoted prefix terms, so no input can make the query fail or reach
// anything the caller's accept() does not let through.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kl::storage {

class Connection;

// Marks around the matched words in SearchRow::snippet. Stored texts never contain
// control characters (the protocol refuses them), so the marks cannot be forged.
inline constexpr char hit_start = '\x01';
inline constexpr char hit_end = '\x02';

// Words of text (runs of ASCII letters and digits and of non-ASCII characters; all
// else separates), at most 12, each as a quoted prefix term, all required:
// `"radicali"* "gemeen"*`. nullopt when text has no word.
std::optional<std::string> fts_query(std::string_view text);

enum class SearchKind { thread, post, card, note };

struct SearchRow {
    SearchKind kind = SearchKind::post;
    std::int64_t id = 0;   // thread, post, card or note block id
    std::string snippet;   // text around the hit, hits between hit_start and hit_end
    double rank = 0;       // FTS5 bm25: lower is better
};

// Rows of kind in session matching query (from fts_query), best first. accept is
// asked about each candidate in rank order; the search stops after limit accepted.
std::vector<SearchRow> search_session(Connection& connection, SearchKind kind, std::int64_t session_id,
                                      const std::string& query, std::size_t limit,
                                      const std::function<bool(std::int64_t id)>& accept);

}  // namespace kl::storage
