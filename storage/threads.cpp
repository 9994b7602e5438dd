#include "storage/threads.hpp"

#include "storage/connection.hpp"

namespace kl::storage {

namespace {

// The counts cover what everyone may see: visible posts that are not whispers. The
// columns are kept by triggers (migration 7).
constexpr const char* thread_select =
    "SELECT t.id, t.session_id, t.title, t.kind, t.status, t.pinned, t.slow_mode_seconds, t.pending, t.created_at, "
    "t.created_by, t.visible_posts, t.last_activity_at FROM threads t ";

Thread read_thread(const Statement& row) {
    Thread t;
    t.id = row.int64(0);
    t.session_id = row.int64(1);
    t.title = row.text(2);
    t.kind = row.text(3);
    t.status = row.text(4);
    t.pinned = row.int64(5) != 0;
    t.slow_mode_seconds = row.int64(6);
    t.pending = row.int64(7) != 0;
    t.created_at = row.int64(8);
    t.created_by = row.int64(9);
    t.post_count = row.int64(10);
    t.last_activity_at = row.optional_int64(11);
    return t;
}

}  // namespace

Thread create_thread(Connection& connection, const Thread& thread) {
    connection
        .prepare(
            "INSERT INTO threads (session_id, title, kind, status, pinned, slow_mode_seconds, pending, created_at, "
            "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, thread.session_id)
        .bind(2, thread.title)
        .bind(3, thread.kind)
        .bind(4, thread.status)
        .bind(5, thread.pinned ? 1 : 0)
        .bind(6, thread.slow_mode_seconds)
        .bind(7, thread.pending ? 1 : 0)
        .bind(8, thread.created_at)
        .bind(9, thread.created_by)
        .run();
    return *find_thread(connection, connection.last_insert_id());
}

std::int64_t count_threads(Connection& connection, std::int64_t session_id) {
    auto statement = connection.prepare("SELECT count(*) FROM threads WHERE session_id = ?");
    statement.bind(1, session_id);
    statement.step();
    return statement.int64(0);
}

std::optional<Thread> find_thread(Connection& connection, std::int64_t id) {
    auto statement = connection.prepare(std::string(thread_select) + "WHERE t.id = ?");
    statement.bind(1, id);
    if (!statement.step()) return std::nullopt;
    return read_thread(statement);
}

void update_thread(Connection& connection, const Thread& thread) {
    connection
        .prepare("UPDATE threads SET title = ?, status = ?, pinned = ?, slow_mode_seconds = ?, pending = ? WHERE id = ?")
        .bind(1, thread.title)
        .bind(2, thread.status)
        .bind(3, thread.pinned ? 1 : 0)
        .bind(4, thread.slow_mode_seconds)
        .bind(5, thread.pending ? 1 : 0)
        .bind(6, thread.id)
        .run();
}

void retitle_thread(Connection& connection, Thread& thread, const std::string& title) {
    thread.title = title;
    // The update trigger replaces the title in threads_fts; the old title's tokens stay
    // in older index segments until the caller merges them (storage/fulltext_merge.hpp).
    update_thread(connection, thread);
}

std::vector<Thread> list_threads(Connection& connection, std::int64_t session_id) {
    auto statement = connection.prepare(std::string(thread_select) +
                                        "WHERE t.session_id = ? "
                                        "ORDER BY t.pinned DESC, coalesce(t.last_activity_at, t.created_at) DESC, t.id DESC");
    statement.bind(1, session_id);
    std::vector<Thread> threads;
    while (statement.step()) threads.push_back(read_thread(statement));
    return threads;
}

std::int64_t unread_count(Connection& connection, std::int64_t thread_id, std::int64_t user_id) {
    auto statement = connection.prepare(
        "SELECT count(*) FROM posts WHERE thread_id = ?1 AND state = 'visible' AND whisper = 0 AND author_id != ?2 "
        "AND id > coalesce((SELECT read_post_id FROM thread_reads WHERE user_id = ?2 AND thread_id = ?1), 0)");
    statement.bind(1, thread_id).bind(2, user_id);
    statement.step();
    return statement.int64(0);
}

void mark_thread_read(Connection& connection, std::int64_t thread_id, std::int64_t user_id) {
    connection
        .prepare(
            "INSERT INTO thread_reads (user_id, thread_id, read_post_id) "
            "VALUES (?1, ?2, coalesce((SELECT max(id) FROM posts WHERE thread_id = ?2), 0)) "
            "ON CONFLICT (user_id, thread_id) DO UPDATE SET read_post_id = excluded.read_post_id")
        .bind(1, user_id)
        .bind(2, thread_id)
        .run();
}

}  // namespace kl::storage
