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
// else separates) of at least min_word_characters, at most 12, each as a quoted prefix
// term, all required: `"radicali"* "gemeen"*`. nullopt when text has no such word.
inline constexpr std::size_t min_word_characters = 2;
std::optional<std::string> fts_query(std::string_view text);
// The words fts_query quotes, as typed.
std::vector<std::string> query_words(std::string_view text);

// document: the text of a PDF (documents_fts); names are found by search_document_names.
enum class SearchKind { thread, post, card, note, document };

struct SearchRow {
    SearchKind kind = SearchKind::post;
    std::int64_t id = 0;   // thread, post, card, note block or document id
    std::string snippet;   // text around the hit, hits between hit_start and hit_end
    double rank = 0;       // FTS5 bm25: lower is better
};

// How many rows of the index search_session reads at most per row it may return: a
// search for limit rows reads at most candidates_per_hit × limit candidates of each
// kind, best first, and returns those accept lets through. A viewer who may see few
// of the best matches (a from_join guest, a member among many whispers or pending
// threads) can therefore get fewer than limit rows, or none, although more readable
// matches exist further down the ranking; in exchange no search walks more than that
// many rows, whatever the session holds.
inline constexpr std::size_t candidates_per_hit = 4;

// Rows of kind in session matching query (from fts_query), best first. The session is
// part of the full-text query (session_match), so FTS5 finds, ranks and snippets only
// that session's rows. accept is asked about each candidate in rank order; the search
// stops after limit accepted or candidates_per_hit × limit candidates.
std::vector<SearchRow> search_session(Connection& connection, SearchKind kind, std::int64_t session_id,
                                      const std::string& query, std::size_t limit,
                                      const std::function<bool(std::int64_t id)>& accept);

// Documents of session, not erased, whose name holds every one of words (from
// query_words; ASCII letters in any case), newest first, asked of accept one by one:
// at most limit accepted among candidates_per_hit × limit candidates. Names are short
// and a session holds a bounded number of documents (access/session_limits), so this
// reads the session's documents by its index, not the whole table. The snippet is the
// name with the first place of each word marked; rank sorts these before text hits.
std::vector<SearchRow> search_document_names(Connection& connection, std::int64_t session_id,
                                             const std::vector<std::string>& words, std::size_t limit,
                                             const std::function<bool(std::int64_t id)>& accept);

// The MATCH expression search_session uses: `session_key : "s<session_id>" AND
// {<text columns>} : (<query>)`. Each index's last column, session_key, holds the one
// token "s<session_id>" (migration 9), so FTS5 intersects the doclists of the words
// with the session's own. Exposed for tests.
std::string session_match(SearchKind kind, std::int64_t session_id, const std::string& query);

// The statement search_session runs (parameters: the MATCH expression, the session id,
// the row limit). Exposed for tests (EXPLAIN QUERY PLAN).
std::string search_sql(SearchKind kind);

}  // namespace kl::storage
