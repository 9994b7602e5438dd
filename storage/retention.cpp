#include "storage/retention.hpp"

#include "storage/connection.hpp"
#include "storage/fulltext_merge.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <string>
#include <vector>

namespace kl::storage {

namespace {

// One table of a session's content: a DELETE of at most ?2 of its rows for session ?1,
// and the full-text index its triggers keep (merged after the last batch), if any.
// The order matters: a row goes before the rows it refers to (cards before the posts
// they quote and the columns they stand in; within a thread the newest post first, as
// a reply always comes after the post it answers; posts before their threads). A new
// content table is one more line here.
struct ContentTable {
    const char* name;
    const char* delete_batch;
    const char* fulltext_index;  // nullptr: none
};

constexpr ContentTable content_tables[] = {
    {"notifications",
     "DELETE FROM notifications WHERE id IN (SELECT id FROM notifications WHERE session_id = ?1 "
     "AND kind NOT LIKE 'retention.%' LIMIT ?2)",
     nullptr},
    {"cards", "DELETE FROM cards WHERE id IN (SELECT id FROM cards WHERE session_id = ?1 LIMIT ?2)", "cards_fts"},
    {"board_columns",
     "DELETE FROM board_columns WHERE id IN (SELECT id FROM board_columns WHERE session_id = ?1 LIMIT ?2)", nullptr},
    {"note_blocks", "DELETE FROM note_blocks WHERE id IN (SELECT id FROM note_blocks WHERE session_id = ?1 LIMIT ?2)",
     "notes_fts"},
    // Documents (their bytes and extracted text go with them, by cascade) a few at a
    // time: one may be 25 MiB, which secure_delete zeroes, and a batch must not hold
    // the writer for long.
    {"documents",
     "DELETE FROM documents WHERE id IN (SELECT id FROM documents WHERE session_id = ?1 LIMIT min(?2, 4))",
     "documents_fts"},
    // The posts of the session's first thread that still has any, newest first (the
    // posts_thread index, walked backwards); revisions and flags go with them.
    {"posts",
     "DELETE FROM posts WHERE id IN (SELECT id FROM posts WHERE thread_id = "
     "(SELECT min(t.id) FROM threads t WHERE t.session_id = ?1 AND EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id)) "
     "ORDER BY id DESC LIMIT ?2)",
     "posts_fts"},
    {"threads", "DELETE FROM threads WHERE id IN (SELECT id FROM threads WHERE session_id = ?1 LIMIT ?2)",
     "threads_fts"},
    {"events",
     "DELETE FROM events WHERE session_id = ?1 AND seq IN (SELECT seq FROM events WHERE session_id = ?1 ORDER BY seq LIMIT ?2)",
     nullptr},
    {"invitations", "DELETE FROM invitations WHERE id IN (SELECT id FROM invitations WHERE session_id = ?1 LIMIT ?2)",
     nullptr},
};

// After the rows: the session keeps its title, dates and members; the reasons of its
// audit entries may quote erased text (a moderator's reason for hiding a post).
void finish_erasure(Connection& connection, std::int64_t session_id, std::int64_t now) {
    connection
        .prepare(
            "UPDATE audit_log SET detail = json_set(detail, '$.reason', '', '$.reason_erased', json('true')) "
            "WHERE session_id = ? AND json_type(detail, '$.reason') = 'text' AND json_extract(detail, '$.reason') <> ''")
        .bind(1, session_id)
        .run();
    connection.prepare("UPDATE sessions SET description = '', erasure_started_at = NULL, erased_at = ? WHERE id = ?")
        .bind(1, now)
        .bind(2, session_id)
        .run();
    connection.note_erasure();
}

}  // namespace

std::optional<std::int64_t> erase_after(const Session& session) {
    if (!session.archived_at || !session.retention_days) return std::nullopt;
    return *session.archived_at + *session.retention_days * seconds_per_day;
}

std::vector<Session> sessions_with_retention(Connection& connection, int limit) {
    auto statement = connection.prepare(
        "SELECT id FROM sessions WHERE archived_at IS NOT NULL AND retention_days IS NOT NULL AND erased_at IS NULL "
        "ORDER BY archived_at + retention_days * 86400, id LIMIT ?");
    statement.bind(1, limit);
    std::vector<std::int64_t> ids;
    while (statement.step()) ids.push_back(statement.int64(0));
    std::vector<Session> sessions;
    for (auto id : ids)
        if (auto session = find_session(connection, id)) sessions.push_back(*session);
    return sessions;
}

std::vector<std::int64_t> sessions_due_for_erasure(Connection& connection, std::int64_t now, int limit) {
    auto statement = connection.prepare(
        "SELECT id FROM sessions WHERE archived_at IS NOT NULL AND retention_days IS NOT NULL AND erased_at IS NULL "
        "AND legal_hold = 0 AND (erasure_started_at IS NOT NULL OR archived_at + retention_days * 86400 <= ?1) "
        "ORDER BY erasure_started_at IS NULL, archived_at + retention_days * 86400, id LIMIT ?2");
    statement.bind(1, now).bind(2, limit);
    std::vector<std::int64_t> ids;
    while (statement.step()) ids.push_back(statement.int64(0));
    return ids;
}

std::vector<std::int64_t> sessions_due_for_notice(Connection& connection, std::int64_t now, std::int64_t lead_seconds,
                                                  int limit) {
    auto statement = connection.prepare(
        "SELECT id FROM sessions WHERE archived_at IS NOT NULL AND retention_days IS NOT NULL AND erased_at IS NULL "
        "AND legal_hold = 0 AND erase_notice_at IS NULL AND archived_at + retention_days * 86400 <= ?1 + ?2 "
        "ORDER BY id LIMIT ?3");
    statement.bind(1, now).bind(2, lead_seconds).bind(3, limit);
    std::vector<std::int64_t> ids;
    while (statement.step()) ids.push_back(statement.int64(0));
    return ids;
}

void mark_erasure_notice(Connection& connection, std::int64_t session_id, std::int64_t now) {
    connection.prepare("UPDATE sessions SET erase_notice_at = ? WHERE id = ?").bind(1, now).bind(2, session_id).run();
}

void set_legal_hold(Connection& connection, std::int64_t session_id, bool hold, const std::string& reason) {
    connection.prepare("UPDATE sessions SET legal_hold = ?, hold_reason = ?, version = version + 1 WHERE id = ?")
        .bind(1, hold ? 1 : 0)
        .bind(2, reason)
        .bind(3, session_id)
        .run();
}

ErasureStep erase_session_batch(Connection& connection, std::int64_t session_id, int max_rows, std::int64_t now,
                                std::chrono::milliseconds budget) {
    assert(max_rows > 0);
    // Small statements, so that the budget is checked often: a post's delete also
    // tokenises its text for the index, and now and then FTS5 flushes and merges index
    // segments inside the statement. With 50 rows such a statement took up to 64 ms in
    // the erase bench (100,000 posts); with 10, at most 22 ms, and the erasure took as long.
    constexpr int rows_per_statement = 10;
    auto deadline = std::chrono::steady_clock::now() + budget;
    auto session = find_session(connection, session_id);
    if (!session || session->legal_hold || session->erased_at) return ErasureStep::held;
    if (!session->erasure_started_at)
        connection.prepare("UPDATE sessions SET erasure_started_at = ? WHERE id = ?").bind(1, now).bind(2, session_id).run();
    int left = max_rows;
    for (const auto& table : content_tables) {
        for (;;) {
            connection.prepare(table.delete_batch).bind(1, session_id).bind(2, std::min(left, rows_per_statement)).run();
            int deleted = connection.changes();
            left -= deleted;
            if (left <= 0 || (deleted > 0 && std::chrono::steady_clock::now() >= deadline)) return ErasureStep::more;
            if (deleted == 0) break;
        }
    }
    // Nothing was left in any table when this batch began only if it deleted nothing.
    if (left < max_rows) return ErasureStep::more;
    // FTS5 deletes leave the old tokens in older index segments until they are merged:
    // a batch of merging at a time, as for the rows.
    std::vector<std::string> indexes;
    for (const auto& table : content_tables)
        if (table.fulltext_index) indexes.emplace_back(table.fulltext_index);
    if (!merge_fulltext(connection, indexes)) return ErasureStep::more;
    finish_erasure(connection, session_id, now);
    return ErasureStep::finished;
}

}  // namespace kl::storage
