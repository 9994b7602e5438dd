#include "storage/mail_outbox.hpp"

#include "storage/connection.hpp"

#include <cstdint>

namespace kl::storage {

namespace {

constexpr const char* listing_columns =
    "id, recipient, kind, subject, message_id, status, attempts, next_attempt_at, last_error, created_at, sent_at";

OutboxMail read_listing(const Statement& row) {
    OutboxMail m;
    m.id = row.int64(0);
    m.recipient = row.text(1);
    m.kind = row.text(2);
    m.subject = row.text(3);
    m.message_id = row.text(4);
    m.status = row.text(5);
    m.attempts = static_cast<int>(row.int64(6));
    m.next_attempt_at = row.optional_int64(7);
    m.last_error = row.optional_text(8);
    m.created_at = row.int64(9);
    m.sent_at = row.optional_int64(10);
    return m;
}

std::int64_t count(Connection& connection, const std::string& sql, const std::string* recipient = nullptr) {
    auto statement = connection.prepare(sql);
    if (recipient) statement.bind(1, *recipient);
    statement.step();
    return statement.int64(0);
}

}  // namespace

QueuedMail queue_outbox_mail(Connection& connection, const NewOutboxMail& mail) {
    if (count(connection, "SELECT count(*) FROM mail_outbox WHERE status = 'queued'") >= max_queued_mail)
        return {std::nullopt, QueueRefusal::queue_full};
    if (count(connection, "SELECT count(*) FROM mail_outbox WHERE status = 'queued' AND recipient = ?",
              &mail.recipient) >= max_queued_mail_per_recipient)
        return {std::nullopt, QueueRefusal::recipient_full};
    connection
        .prepare(
            "INSERT INTO mail_outbox (recipient, kind, subject, text_body, html_body, message_id, status, attempts, "
            "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)")
        .bind(1, mail.recipient)
        .bind(2, mail.kind)
        .bind(3, mail.subject)
        .bind(4, mail.text_body)
        .bind(5, mail.html_body)
        .bind(6, mail.message_id)
        .bind(7, mail.created_at)
        .bind(8, mail.created_at)
        .run();
    auto id = connection.last_insert_id();
    connection
        .prepare(
            "DELETE FROM mail_outbox WHERE status != 'queued' AND id <= (SELECT id FROM mail_outbox WHERE status != "
            "'queued' ORDER BY id DESC LIMIT 1 OFFSET ?)")
        .bind(1, max_kept_mail)
        .run();
    return {id, QueueRefusal::none};
}

std::vector<OutboxMail> due_outbox_mail(Connection& connection, std::int64_t now, int limit) {
    auto statement = connection.prepare(std::string("SELECT ") + listing_columns +
                                        ", text_body, html_body FROM mail_outbox WHERE status = 'queued' AND "
                                        "next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?");
    statement.bind(1, now).bind(2, limit);
    std::vector<OutboxMail> out;
    while (statement.step()) {
        auto mail = read_listing(statement);
        mail.text_body = statement.optional_text(11).value_or("");
        mail.html_body = statement.optional_text(12).value_or("");
        out.push_back(std::move(mail));
    }
    return out;
}

std::optional<std::int64_t> next_outbox_attempt(Connection& connection) {
    auto statement = connection.prepare("SELECT min(next_attempt_at) FROM mail_outbox WHERE status = 'queued'");
    statement.step();
    return statement.optional_int64(0);
}

void make_queued_mail_due(Connection& connection, std::int64_t now) {
    connection.prepare("UPDATE mail_outbox SET next_attempt_at = ? WHERE status = 'queued' AND next_attempt_at > ?")
        .bind(1, now)
        .bind(2, now)
        .run();
}

void mark_outbox_sent(Connection& connection, std::int64_t id, std::int64_t now) {
    connection
        .prepare(
            "UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, next_attempt_at = NULL, "
            "last_error = NULL, text_body = NULL, html_body = NULL WHERE id = ? AND status = 'queued'")
        .bind(1, now)
        .bind(2, id)
        .run();
}

void mark_outbox_retry(Connection& connection, std::int64_t id, std::int64_t next_attempt_at,
                       const std::string& error) {
    connection
        .prepare(
            "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? "
            "WHERE id = ? AND status = 'queued'")
        .bind(1, next_attempt_at)
        .bind(2, error.substr(0, 200))
        .bind(3, id)
        .run();
}

void mark_outbox_failed(Connection& connection, std::int64_t id, const std::string& error) {
    connection
        .prepare(
            "UPDATE mail_outbox SET status = 'failed', attempts = attempts + 1, next_attempt_at = NULL, "
            "last_error = ?, text_body = NULL, html_body = NULL WHERE id = ? AND status = 'queued'")
        .bind(1, error.substr(0, 200))
        .bind(2, id)
        .run();
}

std::vector<OutboxMail> outbox_page(Connection& connection, std::optional<std::int64_t> before, int limit) {
    auto statement = connection.prepare(std::string("SELECT ") + listing_columns +
                                        " FROM mail_outbox WHERE id < ? ORDER BY id DESC LIMIT ?");
    statement.bind(1, before.value_or(INT64_MAX)).bind(2, limit);
    std::vector<OutboxMail> out;
    while (statement.step()) out.push_back(read_listing(statement));
    return out;
}

std::optional<OutboxMail> find_outbox_mail(Connection& connection, std::int64_t id) {
    auto statement = connection.prepare(std::string("SELECT ") + listing_columns + " FROM mail_outbox WHERE id = ?");
    statement.bind(1, id);
    if (!statement.step()) return std::nullopt;
    return read_listing(statement);
}

}  // namespace kl::storage
