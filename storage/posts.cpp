#include "storage/posts.hpp"

#include "storage/connection.hpp"

namespace kl::storage {

namespace {

constexpr const char* post_columns =
    "id, thread_id, session_id, author_id, body, state, reply_to, attribution, whisper, client_msg_id, "
    "personal_data, created_at, edited_at, approved_once, moderation_action, moderation_reason, moderated_by, "
    "moderated_at";

Post read_post(const Statement& row) {
    Post p;
    p.id = row.int64(0);
    p.thread_id = row.int64(1);
    p.session_id = row.int64(2);
    p.author_id = row.int64(3);
    p.body = row.text(4);
    p.state = row.text(5);
    p.reply_to = row.optional_int64(6);
    p.attribution = row.text(7);
    p.whisper = row.int64(8) != 0;
    p.client_msg_id = row.optional_text(9);
    p.personal_data = row.text(10);
    p.created_at = row.int64(11);
    p.edited_at = row.optional_int64(12);
    p.approved_once = row.int64(13) != 0;
    p.moderation_action = row.optional_text(14);
    p.moderation_reason = row.optional_text(15);
    p.moderated_by = row.optional_int64(16);
    p.moderated_at = row.optional_int64(17);
    return p;
}

std::vector<Post> read_posts(Statement& statement) {
    std::vector<Post> posts;
    while (statement.step()) posts.push_back(read_post(statement));
    return posts;
}

constexpr const char* flag_columns = "id, post_id, session_id, flagged_by, reason, at, closed_at";

Flag read_flag(const Statement& row) {
    Flag f;
    f.id = row.int64(0);
    f.post_id = row.int64(1);
    f.session_id = row.int64(2);
    f.flagged_by = row.int64(3);
    f.reason = row.text(4);
    f.at = row.int64(5);
    f.closed_at = row.optional_int64(6);
    return f;
}

}  // namespace

Post create_post(Connection& connection, const Post& p) {
    connection
        .prepare(
            "INSERT INTO posts (thread_id, session_id, author_id, body, state, reply_to, attribution, whisper, "
            "client_msg_id, personal_data, created_at, approved_once) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, p.thread_id)
        .bind(2, p.session_id)
        .bind(3, p.author_id)
        .bind(4, p.body)
        .bind(5, p.state)
        .bind(6, p.reply_to)
        .bind(7, p.attribution)
        .bind(8, p.whisper ? 1 : 0)
        .bind(9, p.client_msg_id)
        .bind(10, p.personal_data)
        .bind(11, p.created_at)
        .bind(12, p.approved_once ? 1 : 0)
        .run();
    // The row holds exactly what was bound (no column default or trigger changes a
    // posts row on insert), so it is not read back.
    Post stored = p;
    stored.id = connection.last_insert_id();
    stored.edited_at.reset();
    stored.moderation_action.reset();
    stored.moderation_reason.reset();
    stored.moderated_by.reset();
    stored.moderated_at.reset();
    return stored;
}

std::optional<Post> find_post(Connection& connection, std::int64_t id) {
    static const std::string sql = std::string("SELECT ") + post_columns + " FROM posts WHERE id = ?";
    auto statement = connection.prepare(sql);
    statement.bind(1, id);
    if (!statement.step()) return std::nullopt;
    return read_post(statement);
}

std::optional<std::int64_t> first_post_id(Connection& connection, std::int64_t thread_id) {
    auto statement = connection.prepare("SELECT min(id) FROM posts WHERE thread_id = ?");
    statement.bind(1, thread_id);
    statement.step();
    return statement.optional_int64(0);
}

std::optional<Post> find_post_by_client_msg(Connection& connection, std::int64_t session_id, std::int64_t author_id,
                                            const std::string& client_msg_id) {
    static const std::string sql = std::string("SELECT ") + post_columns +
                                   " FROM posts WHERE session_id = ? AND author_id = ? AND client_msg_id = ?";
    auto statement = connection.prepare(sql);
    statement.bind(1, session_id).bind(2, author_id).bind(3, client_msg_id);
    if (!statement.step()) return std::nullopt;
    return read_post(statement);
}

void update_post(Connection& connection, const Post& p) {
    connection
        .prepare(
            "UPDATE posts SET body = ?, state = ?, edited_at = ?, personal_data = ?, approved_once = ?, "
            "moderation_action = ?, moderation_reason = ?, moderated_by = ?, moderated_at = ? WHERE id = ?")
        .bind(1, p.body)
        .bind(2, p.state)
        .bind(3, p.edited_at)
        .bind(4, p.personal_data)
        .bind(5, p.approved_once ? 1 : 0)
        .bind(6, p.moderation_action)
        .bind(7, p.moderation_reason)
        .bind(8, p.moderated_by)
        .bind(9, p.moderated_at)
        .bind(10, p.id)
        .run();
}

void for_each_post(Connection& connection, std::int64_t thread_id, const std::function<void(const Post&)>& visit) {
    auto statement =
        connection.prepare(std::string("SELECT ") + post_columns + " FROM posts WHERE thread_id = ? ORDER BY id");
    statement.bind(1, thread_id);
    while (statement.step()) visit(read_post(statement));
}

std::vector<Post> page_posts(Connection& connection, std::int64_t thread_id, std::optional<std::int64_t> before,
                             int limit, const PostFilter& filter) {
    // Non-moderators see every post except whispers and other people's pending or
    // rejected ones; placeholders (hidden, redacted, deleted) keep reply chains readable.
    auto statement = connection.prepare(
        std::string("SELECT ") + post_columns +
        " FROM posts WHERE thread_id = ?1 AND id < ?2 AND (?3 OR (whisper = 0 AND "
        "(state NOT IN ('pending','rejected') OR author_id = ?4))) AND created_at >= ?6 ORDER BY id DESC LIMIT ?5");
    statement.bind(1, thread_id)
        .bind(2, before.value_or(INT64_MAX))
        .bind(3, filter.moderator ? 1 : 0)
        .bind(4, filter.viewer_id)
        .bind(5, limit)
        .bind(6, filter.created_from);
    return read_posts(statement);
}

std::vector<Post> pending_posts(Connection& connection, std::int64_t session_id) {
    auto statement = connection.prepare(std::string("SELECT ") + post_columns +
                                        " FROM posts WHERE session_id = ? AND state = 'pending' ORDER BY id");
    statement.bind(1, session_id);
    return read_posts(statement);
}

std::optional<std::int64_t> last_post_time(Connection& connection, std::int64_t thread_id, std::int64_t author_id) {
    auto statement = connection.prepare("SELECT max(created_at) FROM posts WHERE thread_id = ? AND author_id = ?");
    statement.bind(1, thread_id).bind(2, author_id);
    statement.step();
    return statement.optional_int64(0);
}

void add_revision(Connection& connection, std::int64_t post_id, const std::string& body, std::int64_t at) {
    connection.prepare("INSERT INTO post_revisions (post_id, body, at) VALUES (?, ?, ?)")
        .bind(1, post_id)
        .bind(2, body)
        .bind(3, at)
        .run();
}

std::vector<Revision> list_revisions(Connection& connection, std::int64_t post_id) {
    auto statement = connection.prepare("SELECT body, at FROM post_revisions WHERE post_id = ? ORDER BY id");
    statement.bind(1, post_id);
    std::vector<Revision> revisions;
    while (statement.step()) revisions.push_back({statement.text(0), statement.int64(1)});
    return revisions;
}

void erase_post_text(Connection& connection, Post& post) {
    connection.prepare("DELETE FROM post_revisions WHERE post_id = ?").bind(1, post.id).run();
    connection.prepare("UPDATE flags SET reason = '' WHERE post_id = ? AND reason <> ''").bind(1, post.id).run();
    post.body.clear();
    post.personal_data.clear();
    // The update trigger removes the old text from posts_fts; its tokens stay in older
    // index segments until the caller merges them (storage/fulltext_merge.hpp).
    update_post(connection, post);
}

std::optional<Flag> add_flag(Connection& connection, const Flag& f) {
    auto statement = connection.prepare(
        "INSERT INTO flags (post_id, session_id, flagged_by, reason, at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING RETURNING id");
    statement.bind(1, f.post_id).bind(2, f.session_id).bind(3, f.flagged_by).bind(4, f.reason).bind(5, f.at);
    if (!statement.step()) return std::nullopt;
    auto id = statement.int64(0);
    while (statement.step()) {
    }
    return find_flag(connection, id);
}

std::optional<Flag> find_flag(Connection& connection, std::int64_t id) {
    auto statement = connection.prepare(std::string("SELECT ") + flag_columns + " FROM flags WHERE id = ?");
    statement.bind(1, id);
    if (!statement.step()) return std::nullopt;
    return read_flag(statement);
}

std::int64_t count_waiting_items(Connection& connection, std::int64_t session_id) {
    auto statement = connection.prepare(
        "SELECT (SELECT count(*) FROM posts WHERE session_id = ?1 AND state = 'pending') + "
        "(SELECT count(*) FROM flags WHERE session_id = ?1 AND closed_at IS NULL)");
    statement.bind(1, session_id);
    statement.step();
    return statement.int64(0);
}

std::vector<WaitingItem> waiting_items(Connection& connection, std::int64_t session_id,
                                       const std::optional<WaitingItem>& before, int limit) {
    auto statement = connection.prepare(
        "SELECT kind, id, at FROM ("
        " SELECT 0 AS kind, id, created_at AS at FROM posts WHERE session_id = ?1 AND state = 'pending'"
        " UNION ALL"
        " SELECT 1, id, at FROM flags WHERE session_id = ?1 AND closed_at IS NULL"
        " UNION ALL"
        " SELECT 2, id, at FROM documents WHERE session_id = ?1 AND state = 'pending')"
        " WHERE ?2 IS NULL OR (at, kind, id) < (?2, ?3, ?4)"
        " ORDER BY at DESC, kind DESC, id DESC LIMIT ?5");
    statement.bind(1, session_id);
    if (before) {
        statement.bind(2, before->at);
        statement.bind(3, static_cast<std::int64_t>(before->kind));
        statement.bind(4, before->id);
    } else {
        statement.bind(2, nullptr);
    }
    statement.bind(5, limit);
    std::vector<WaitingItem> items;
    while (statement.step())
        items.push_back({static_cast<WaitingItem::Kind>(statement.int64(0)), statement.int64(1), statement.int64(2)});
    return items;
}

std::int64_t open_flag_count(Connection& connection, std::int64_t post_id) {
    auto statement = connection.prepare("SELECT count(*) FROM flags WHERE post_id = ? AND closed_at IS NULL");
    statement.bind(1, post_id);
    statement.step();
    return statement.int64(0);
}

void close_flag(Connection& connection, std::int64_t flag_id, std::int64_t at) {
    connection.prepare("UPDATE flags SET closed_at = ? WHERE id = ? AND closed_at IS NULL").bind(1, at).bind(2, flag_id).run();
}

void close_flags_of_post(Connection& connection, std::int64_t post_id, std::int64_t at) {
    connection.prepare("UPDATE flags SET closed_at = ? WHERE post_id = ? AND closed_at IS NULL")
        .bind(1, at)
        .bind(2, post_id)
        .run();
}

}  // namespace kl::storage
