#include "storage/notifications.hpp"

#include "storage/connection.hpp"

namespace kl::storage {

namespace {

constexpr const char* columns = "id, user_id, kind, session_id, thread_id, post_id, card_id, block_id, at, read_at";

Notification read_notification(const Statement& row) {
    Notification n;
    n.id = row.int64(0);
    n.user_id = row.int64(1);
    n.kind = row.text(2);
    n.session_id = row.int64(3);
    n.thread_id = row.optional_int64(4);
    n.post_id = row.optional_int64(5);
    n.card_id = row.optional_int64(6);
    n.block_id = row.optional_int64(7);
    n.at = row.int64(8);
    n.read = row.optional_int64(9).has_value();
    return n;
}

}  // namespace

Notification add_notification(Connection& connection, Notification notification) {
    connection
        .prepare(
            "INSERT INTO notifications (user_id, kind, session_id, thread_id, post_id, card_id, block_id, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, notification.user_id)
        .bind(2, notification.kind)
        .bind(3, notification.session_id)
        .bind(4, notification.thread_id)
        .bind(5, notification.post_id)
        .bind(6, notification.card_id)
        .bind(7, notification.block_id)
        .bind(8, notification.at)
        .run();
    notification.id = connection.last_insert_id();
    notification.read = false;
    connection
        .prepare(
            "DELETE FROM notifications WHERE user_id = ? AND id <= (SELECT id FROM notifications WHERE user_id = ? "
            "ORDER BY id DESC LIMIT 1 OFFSET ?)")
        .bind(1, notification.user_id)
        .bind(2, notification.user_id)
        .bind(3, max_notifications_per_user)
        .run();
    return notification;
}

std::vector<Notification> notifications_of(Connection& connection, std::int64_t user_id,
                                           std::optional<std::int64_t> before, int limit, bool unread_only) {
    std::string sql = std::string("SELECT ") + columns + " FROM notifications WHERE user_id = ? AND id < ?";
    if (unread_only) sql += " AND read_at IS NULL";
    sql += " ORDER BY id DESC LIMIT ?";
    auto statement = connection.prepare(sql);
    statement.bind(1, user_id).bind(2, before.value_or(INT64_MAX)).bind(3, limit);
    std::vector<Notification> out;
    while (statement.step()) out.push_back(read_notification(statement));
    return out;
}

void mark_notifications_read(Connection& connection, std::int64_t user_id, const std::vector<std::int64_t>& ids,
                             std::int64_t now) {
    for (auto id : ids)
        connection.prepare("UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL")
            .bind(1, now)
            .bind(2, user_id)
            .bind(3, id)
            .run();
}

void mark_all_notifications_read(Connection& connection, std::int64_t user_id, std::int64_t now) {
    connection.prepare("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL")
        .bind(1, now)
        .bind(2, user_id)
        .run();
}

bool has_notification(Connection& connection, std::int64_t user_id, const Notification& about, bool unread_only) {
    // IS compares NULLs as equal, so an absent id matches only an absent id.
    std::string sql =
        "SELECT 1 FROM notifications WHERE user_id = ? AND kind = ? AND session_id = ? AND thread_id IS ? "
        "AND post_id IS ? AND card_id IS ? AND block_id IS ?";
    if (unread_only) sql += " AND read_at IS NULL";
    auto statement = connection.prepare(sql + " LIMIT 1");
    statement.bind(1, user_id)
        .bind(2, about.kind)
        .bind(3, about.session_id)
        .bind(4, about.thread_id)
        .bind(5, about.post_id)
        .bind(6, about.card_id)
        .bind(7, about.block_id);
    return statement.step();
}

bool has_notification_about_post(Connection& connection, std::int64_t user_id, std::int64_t post_id) {
    auto statement = connection.prepare("SELECT 1 FROM notifications WHERE user_id = ? AND post_id = ? LIMIT 1");
    statement.bind(1, user_id).bind(2, post_id);
    return statement.step();
}

std::string notification_email(Connection& connection, std::int64_t user_id) {
    auto statement = connection.prepare("SELECT email FROM notification_settings WHERE user_id = ?");
    statement.bind(1, user_id);
    return statement.step() ? statement.text(0) : "direct";
}

void set_notification_email(Connection& connection, std::int64_t user_id, const std::string& email,
                            std::int64_t now) {
    connection
        .prepare(
            "INSERT INTO notification_settings (user_id, email, digest_since) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, "
            "digest_since = CASE WHEN email = excluded.email THEN digest_since ELSE excluded.digest_since END")
        .bind(1, user_id)
        .bind(2, email)
        .bind(3, now)
        .run();
}

std::vector<Notification> notifications_to_mail(Connection& connection, std::int64_t user_id, int limit) {
    auto statement = connection.prepare(std::string("SELECT ") + columns +
                                        " FROM notifications WHERE user_id = ? AND read_at IS NULL AND mailed_at IS "
                                        "NULL ORDER BY id LIMIT ?");
    statement.bind(1, user_id).bind(2, limit);
    std::vector<Notification> out;
    while (statement.step()) out.push_back(read_notification(statement));
    return out;
}

void mark_notifications_mailed(Connection& connection, std::int64_t user_id, const std::vector<std::int64_t>& ids,
                               std::int64_t now) {
    for (auto id : ids)
        connection.prepare("UPDATE notifications SET mailed_at = ? WHERE user_id = ? AND id = ?")
            .bind(1, now)
            .bind(2, user_id)
            .bind(3, id)
            .run();
}

std::vector<DigestSubscriber> digest_subscribers(Connection& connection, std::int64_t after_user_id, int limit) {
    auto statement = connection.prepare(
        "SELECT user_id, email, digest_since FROM notification_settings WHERE email IN ('daily','weekly') AND "
        "user_id > ? ORDER BY user_id LIMIT ?");
    statement.bind(1, after_user_id).bind(2, limit);
    std::vector<DigestSubscriber> out;
    while (statement.step()) out.push_back({statement.int64(0), statement.text(1), statement.int64(2)});
    return out;
}

void mark_digest_made(Connection& connection, std::int64_t user_id, std::int64_t now) {
    connection.prepare("UPDATE notification_settings SET digest_since = ? WHERE user_id = ?")
        .bind(1, now)
        .bind(2, user_id)
        .run();
}

}  // namespace kl::storage
