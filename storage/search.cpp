#include "storage/search.hpp"

#include "storage/connection.hpp"

#include <algorithm>
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
        case SearchKind::document: return {"documents_fts", "documents", 0, "{text}", "bm25(1.0, 0.0)"};
    }
    return index_of(SearchKind::post);
}

}  // namespace

std::vector<std::string> query_words(std::string_view text) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < text.size() && words.size() < max_words) {
        while (i < text.size() && !word_byte(static_cast<unsigned char>(text[i]))) ++i;
        auto start = i;
        while (i < text.size() && word_byte(static_cast<unsigned char>(text[i]))) ++i;
        if (i == start) break;
        auto word = text.substr(start, i - start);
        // A prefix of one character matches nearly every word in every session, so that
        // FTS5 reads the whole index for it; it narrows nothing a longer word does not.
        if (characters(word) < min_word_characters) continue;
        words.emplace_back(word);
    }
    return words;
}

std::optional<std::string> fts_query(std::string_view text) {
    std::string query;
    for (const auto& word : query_words(text)) {
        if (!query.empty()) query += ' ';
        // A word holds no '"' (not a word byte), so quoting it needs no escaping.
        query += '"' + word + "\"*";
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

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Where word first occurs in name, ignoring ASCII case; npos when nowhere.
std::size_t find_ignoring_case(const std::string& name, const std::string& word) {
    auto found = std::search(name.begin(), name.end(), word.begin(), word.end(),
                             [](char a, char b) { return lower(a) == lower(b); });
    return found == name.end() ? std::string::npos : static_cast<std::size_t>(found - name.begin());
}

// name with the first place of each word between hit_start and hit_end (overlaps merged).
std::string marked_name(const std::string& name, const std::vector<std::string>& words) {
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    for (const auto& word : words)
        if (auto at = find_ignoring_case(name, word); at != std::string::npos) ranges.emplace_back(at, at + word.size());
    std::sort(ranges.begin(), ranges.end());
    std::string out;
    std::size_t done = 0;
    for (auto [from, to] : ranges) {
        if (to <= done) continue;
        from = std::max(from, done);
        out.append(name, done, from - done);
        out += hit_start;
        out.append(name, from, to - from);
        out += hit_end;
        done = to;
    }
    out.append(name, done, std::string::npos);
    return out;
}

}  // namespace

std::vector<SearchRow> search_document_names(Connection& connection, std::int64_t session_id,
                                             const std::vector<std::string>& words, std::size_t limit,
                                             const std::function<bool(std::int64_t id)>& accept) {
    if (words.empty()) return {};
    std::string sql = "SELECT id, name FROM documents WHERE session_id = ? AND state IN ('visible','pending','hidden')";
    for (std::size_t i = 0; i < words.size(); ++i) sql += " AND name LIKE ? ESCAPE '\\'";
    sql += " ORDER BY id DESC LIMIT ?";
    auto statement = connection.prepare(sql);
    int index = 1;
    statement.bind(index++, session_id);
    for (const auto& word : words) {
        // A word is letters and digits (and non-ASCII), but escape LIKE's own marks anyway.
        std::string pattern = "%";
        for (char c : word) {
            if (c == '%' || c == '_' || c == '\\') pattern += '\\';
            pattern += c;
        }
        statement.bind(index++, pattern + "%");
    }
    statement.bind(index, static_cast<std::int64_t>(limit * candidates_per_hit));
    std::vector<SearchRow> rows;
    while (rows.size() < limit && statement.step()) {
        auto id = statement.int64(0);
        if (!accept(id)) continue;
        // Before every text hit (bm25 ranks are small negative numbers).
        rows.push_back({SearchKind::document, id, marked_name(statement.text(1), words), -1e9});
    }
    return rows;
}

}  // namespace kl::storage
