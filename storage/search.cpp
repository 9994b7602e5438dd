#include "storage/search.hpp"

#include "storage/connection.hpp"

#include <cctype>

namespace kl::storage {

namespace {

constexpr std::size_t max_words = 12;

bool word_byte(unsigned char c) { return c >= 0x80 || std::isalnum(c); }

// The FTS table, its content table and the snippet column (-1: the best one).
struct Index {
    const char* fts;
    const char* content;
    int snippet_column;
};

Index index_of(SearchKind kind) {
    switch (kind) {
        case SearchKind::thread: return {"threads_fts", "threads", 0};
        case SearchKind::post: return {"posts_fts", "posts", 0};
        case SearchKind::card: return {"cards_fts", "cards", -1};
        case SearchKind::note: return {"notes_fts", "note_blocks", -1};
    }
    return {"posts_fts", "posts", 0};
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
        if (!query.empty()) query += ' ';
        // A word holds no '"' (not a word byte), so quoting it needs no escaping.
        query += '"';
        query.append(text.substr(start, i - start));
        query += "\"*";
        ++words;
    }
    if (query.empty()) return std::nullopt;
    return query;
}

std::vector<SearchRow> search_session(Connection& connection, SearchKind kind, std::int64_t session_id,
                                      const std::string& query, std::size_t limit,
                                      const std::function<bool(std::int64_t id)>& accept) {
    auto index = index_of(kind);
    auto sql = std::string("SELECT f.rowid, snippet(") + index.fts + ", " + std::to_string(index.snippet_column) +
               ", char(1), char(2), '…', 16), f.rank FROM " + index.fts + " f JOIN " + index.content +
               " c ON c.id = f.rowid WHERE " + index.fts + " MATCH ? AND c.session_id = ? ORDER BY f.rank";
    auto statement = connection.prepare(sql);
    statement.bind(1, query).bind(2, session_id);
    std::vector<SearchRow> rows;
    while (rows.size() < limit && statement.step()) {
        auto id = statement.int64(0);
        if (!accept(id)) continue;
        rows.push_back({kind, id, statement.text(1), statement.real(2)});
    }
    return rows;
}

}  // namespace kl::storage
