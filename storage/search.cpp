#include "storage/search.hpp"

#include "storage/connection.hpp"

#include <cctype>

namespace kl::storage {

namespace {

constexpr std::size_t max_words = 12;

bool word_byte(unsigned char c) { return c >= 0x80 || std::isalnum(c); }

// Characters, not bytes: a UTF-8 continuation byte starts none.
std::size_t characters(std::string_view word) {
    std::size_t count = 0;
    for (unsigned char c : word) count += (c & 0xC0) != 0x80;
    return count;
}

// The FTS table, its content table, the snippet column (-1: the best one), the
// columns that hold text (a column filter, so that no word can match session_key)
// and the ranking: bm25 with weight 0 for session_key, so that the session's own
// token, in every row of the session, adds nothing to any row's rank.
struct Index {
    const char* fts;
    const char* content;
    int snippet_column;
    const char* text_columns;
    const char* rank;
};

Index index_of(SearchKind kind) {
    switch (kind) {
        case SearchKind::thread: return {"threads_fts", "threads", 0, "{title}", "bm25(1.0, 0.0)"};
        case SearchKind::post: return {"posts_fts", "posts", 0, "{body}", "bm25(1.0, 0.0)"};
        case SearchKind::card: return {"cards_fts", "cards", -1, "{title body}", "bm25(1.0, 1.0, 0.0)"};
        case SearchKind::note: return {"notes_fts", "note_blocks", -1, "{text owner}", "bm25(1.0, 1.0, 0.0)"};
    }
    return index_of(SearchKind::post);
}

}  // namespace

std::optional<std::string> fts_query(std::string_view text) {
    std::string query;
    std::size_t words = 0;
    std::size_t i = 0;
    while (i < text.size() && words < max_words) {
        while (i < text.size() && !word_byte(static_cast<unsigned char>(text[i]))) ++i;
        auto start = i;
        while (i < text.size() && word_byte(static_cast<unsigned char>(text[i]))) ++i;
        if (i == start) break;
        auto word = text.substr(start, i - start);
        // A prefix of one character matches nearly every word in every session, so that
        // FTS5 reads the whole index for it; it narrows nothing a longer word does not.
        if (characters(word) < min_word_characters) continue;
        if (!query.empty()) query += ' ';
        // A word holds no '"' (not a word byte), so quoting it needs no escaping.
        query += '"';
        query.append(word);
        query += "\"*";
        ++words;
    }
    if (query.empty()) return std::nullopt;
    return query;
}

std::string session_match(SearchKind kind, std::int64_t session_id, const std::string& query) {
    // session_key is the last column: snippet(-1) scores each column's best window and
    // keeps the first of equal scores, and the key's one token never outscores a text
    // column holding a hit, which every match has (the words are required there).
    return "session_key : \"s" + std::to_string(session_id) + "\" AND " + index_of(kind).text_columns + " : (" + query +
           ")";
}

std::string search_sql(SearchKind kind) {
    auto index = index_of(kind);
    // ORDER BY rank is done by FTS5 itself, so snippet() runs only for the rows stepped
    // to, at most LIMIT. The join on the content table is a second guard: a row of
    // another session (an index out of step with its content) is never returned.
    return std::string("SELECT f.rowid, snippet(") + index.fts + ", " + std::to_string(index.snippet_column) +
           ", char(1), char(2), '…', 16), f.rank FROM " + index.fts + " f JOIN " + index.content +
           " c ON c.id = f.rowid WHERE " + index.fts + " MATCH ? AND f.rank MATCH '" + index.rank +
           "' AND c.session_id = ? ORDER BY f.rank LIMIT ?";
}

std::vector<SearchRow> search_session(Connection& connection, SearchKind kind, std::int64_t session_id,
                                      const std::string& query, std::size_t limit,
                                      const std::function<bool(std::int64_t id)>& accept) {
    auto statement = connection.prepare(search_sql(kind));
    statement.bind(1, session_match(kind, session_id, query))
        .bind(2, session_id)
        .bind(3, static_cast<std::int64_t>(limit * candidates_per_hit));
    std::vector<SearchRow> rows;
    while (rows.size() < limit && statement.step()) {
        auto id = statement.int64(0);
        if (!accept(id)) continue;
        rows.push_back({kind, id, statement.text(1), statement.real(2)});
    }
    return rows;
}

}  // namespace kl::storage
