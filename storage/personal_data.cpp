#include "storage/personal_data.hpp"

#include "storage/connection.hpp"

namespace kl::storage {

namespace {

// Runs statement and hands each row to read, at most max_rows; true when there were more.
template <class Read>
bool each_row(Statement& statement, int max_rows, Read read) {
    int rows = 0;
    while (statement.step()) {
        if (rows++ == max_rows) return true;
        read(statement);
    }
    return false;
}

}  // namespace

PersonalData personal_data(Connection& connection, std::int64_t user_id, int max_rows) {
    PersonalData data;
    auto memberships = connection.prepare(
        "SELECT m.session_id, s.title, m.role, m.joined_at, m.access_until FROM members m JOIN sessions s ON s.id = "
        "m.session_id WHERE m.user_id = ? ORDER BY m.joined_at, m.session_id");
    memberships.bind(1, user_id);
    data.truncated |= each_row(memberships, max_rows, [&](const Statement& row) {
        data.memberships.push_back({row.int64(0), row.text(1), row.text(2), row.int64(3), row.optional_int64(4)});
    });
    // members_user and the author's posts through posts_client_msg do not cover every
    // post; a person's own posts are read rarely (an access request), a scan is fine.
    auto posts = connection.prepare(
        "SELECT p.id, p.session_id, p.thread_id, t.title, p.body, p.state, p.created_at, p.edited_at, p.reply_to, "
        "r.author_id FROM posts p JOIN threads t ON t.id = p.thread_id LEFT JOIN posts r ON r.id = p.reply_to "
        "WHERE p.author_id = ? ORDER BY p.id");
    posts.bind(1, user_id);
    data.truncated |= each_row(posts, max_rows, [&](const Statement& row) {
        OwnPost post{row.int64(0), row.int64(1), row.int64(2), row.text(3), row.text(4), row.text(5), row.int64(6),
                     row.optional_int64(7), std::nullopt, false};
        if (!row.is_null(8)) {
            if (!row.is_null(9) && row.int64(9) == user_id)
                post.reply_to_own = row.int64(8);
            else
                post.reply_to_other = true;
        }
        data.posts.push_back(std::move(post));
    });
    auto texts = connection.prepare(
        "SELECT id, session_id, 'card', title, body, created_at FROM cards WHERE created_by = ?1 "
        "UNION ALL SELECT id, session_id, kind, '', text, created_at FROM note_blocks WHERE created_by = ?1 "
        "ORDER BY 6, 1");
    texts.bind(1, user_id);
    data.truncated |= each_row(texts, max_rows, [&](const Statement& row) {
        data.texts.push_back({row.int64(0), row.int64(1), row.text(2), row.text(3), row.text(4), row.int64(5)});
    });
    auto notifications = connection.prepare(
        "SELECT kind, session_id, at FROM notifications WHERE user_id = ? ORDER BY id");
    notifications.bind(1, user_id);
    data.truncated |= each_row(notifications, max_rows, [&](const Statement& row) {
        data.notifications.push_back({row.text(0), row.int64(1), row.int64(2), ""});
    });
    auto audit = connection.prepare(
        "SELECT action, session_id, at, coalesce(target_type || ' ' || target_id, '') FROM audit_log "
        "WHERE actor_id = ?1 OR (target_type = 'user' AND target_id = CAST(?1 AS TEXT)) ORDER BY id");
    audit.bind(1, user_id);
    data.truncated |= each_row(audit, max_rows, [&](const Statement& row) {
        data.audit.push_back({row.text(0), row.optional_int64(1), row.int64(2), row.text(3)});
    });
    return data;
}

}  // namespace kl::storage
