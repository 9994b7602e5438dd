#include "storage/user_erasure.hpp"

#include "storage/connection.hpp"

#include <cassert>
#include <string_view>

namespace kl::storage {

namespace {

// What belongs to the account alone and goes in the request's own transaction: each a
// handful of rows per person (a login per device, a factor or two, a membership per
// session), so the writer is not held long. ?1 is the user id, ?2 the email.
constexpr const char* account_rows[] = {
    "DELETE FROM login_tokens WHERE user_id = ?1",
    "DELETE FROM activation_tokens WHERE user_id = ?1",
    "DELETE FROM second_factor_tokens WHERE user_id = ?1",
    "DELETE FROM webauthn_challenges WHERE user_id = ?1",
    "DELETE FROM totp_factors WHERE user_id = ?1",
    "DELETE FROM recovery_codes WHERE user_id = ?1",
    "DELETE FROM passkeys WHERE user_id = ?1",
    "DELETE FROM webauthn_user_handles WHERE user_id = ?1",
    "DELETE FROM notification_settings WHERE user_id = ?1",
    "DELETE FROM thread_reads WHERE user_id = ?1",
    "DELETE FROM members WHERE user_id = ?1",
    // Invitations the person accepted, or that were addressed to them: they hold the
    // name and address the moderator typed.
    "DELETE FROM invitations WHERE used_by = ?1 OR (email IS NOT NULL AND lower(email) = ?2)",
    // Mails to the person, queued or done (done ones keep only the address and subject).
    "DELETE FROM mail_outbox WHERE recipient = ?2",
};

std::vector<std::int64_t> ids(Statement& statement) {
    std::vector<std::int64_t> result;
    while (statement.step()) result.push_back(statement.int64(0));
    return result;
}

constexpr const char* erasure_columns =
    "user_id, posts, actor_id, stage, cursor, cursor_session, started_at, finished_at";

UserErasure read_erasure(const Statement& row) {
    UserErasure e;
    e.user_id = row.int64(0);
    e.posts = row.text(1);
    e.actor_id = row.optional_int64(2);
    e.stage = static_cast<UserErasureStage>(row.int64(3));
    e.cursor = row.int64(4);
    e.cursor_session = row.int64(5);
    e.started_at = row.int64(6);
    e.finished_at = row.optional_int64(7);
    return e;
}

}  // namespace

std::int64_t count_active_administrators(Connection& connection) {
    auto statement = connection.prepare(
        "SELECT count(*) FROM users WHERE global_role = 'admin' AND disabled = 0 AND erased_at IS NULL");
    statement.step();
    return statement.int64(0);
}

void begin_user_erasure(Connection& connection, std::int64_t user_id, const std::string& posts,
                        std::optional<std::int64_t> actor_id, const std::string& pseudonym, std::int64_t now) {
    assert(posts == "anonymise" || posts == "redact");
    std::string email;
    {
        auto statement = connection.prepare("SELECT email FROM users WHERE id = ?");
        statement.bind(1, user_id);
        if (!statement.step()) throw StorageError(0, "no such user");
        email = statement.text(0);
    }
    // The sessions whose clients reload at the end, recorded before the memberships go.
    connection
        .prepare(
            "INSERT OR IGNORE INTO user_erasure_sessions (user_id, session_id) "
            "SELECT ?1, session_id FROM members WHERE user_id = ?1 "
            "UNION SELECT ?1, session_id FROM posts WHERE author_id = ?1 "
            "UNION SELECT ?1, session_id FROM cards WHERE created_by = ?1 OR updated_by = ?1 "
            "UNION SELECT ?1, session_id FROM documents WHERE uploaded_by = ?1 "
            "UNION SELECT ?1, session_id FROM note_blocks WHERE created_by = ?1 OR updated_by = ?1")
        .bind(1, user_id)
        .run();
    for (const char* sql : account_rows) {
        auto statement = connection.prepare(sql);
        statement.bind(1, user_id);
        if (std::string_view(sql).find("?2") != std::string_view::npos) statement.bind(2, email);
        statement.run();
    }
    connection
        .prepare(
            "UPDATE users SET email = ?2, display_name = ?3, organisation_type = 'other', organisation_name = '', "
            "global_role = 'member', password_hash = NULL, disabled = 1, erased_at = ?4 WHERE id = ?1")
        .bind(1, user_id)
        .bind(2, "verwijderd-" + pseudonym + "@verwijderd.invalid")
        .bind(3, erased_person_label)
        .bind(4, now)
        .run();
    connection.prepare("INSERT INTO user_erasures (user_id, posts, actor_id, started_at) VALUES (?, ?, ?, ?)")
        .bind(1, user_id)
        .bind(2, posts)
        .bind(3, actor_id)
        .bind(4, now)
        .run();
    connection.note_erasure();
}

std::optional<UserErasure> find_user_erasure(Connection& connection, std::int64_t user_id) {
    auto statement =
        connection.prepare(std::string("SELECT ") + erasure_columns + " FROM user_erasures WHERE user_id = ?");
    statement.bind(1, user_id);
    if (!statement.step()) return std::nullopt;
    return read_erasure(statement);
}

std::optional<UserErasure> next_user_erasure(Connection& connection) {
    auto statement = connection.prepare(std::string("SELECT ") + erasure_columns +
                                        " FROM user_erasures WHERE finished_at IS NULL ORDER BY started_at, user_id LIMIT 1");
    if (!statement.step()) return std::nullopt;
    return read_erasure(statement);
}

void save_user_erasure(Connection& connection, const UserErasure& erasure) {
    connection.prepare("UPDATE user_erasures SET stage = ?, cursor = ?, cursor_session = ? WHERE user_id = ?")
        .bind(1, static_cast<int>(erasure.stage))
        .bind(2, erasure.cursor)
        .bind(3, erasure.cursor_session)
        .bind(4, erasure.user_id)
        .run();
}

std::vector<std::int64_t> user_erasure_sessions(Connection& connection, std::int64_t user_id) {
    auto statement =
        connection.prepare("SELECT session_id FROM user_erasure_sessions WHERE user_id = ? ORDER BY session_id");
    statement.bind(1, user_id);
    return ids(statement);
}

int delete_user_notifications(Connection& connection, std::int64_t user_id, int limit) {
    connection
        .prepare("DELETE FROM notifications WHERE id IN (SELECT id FROM notifications WHERE user_id = ? LIMIT ?)")
        .bind(1, user_id)
        .bind(2, limit)
        .run();
    return connection.changes();
}

std::vector<std::int64_t> posts_of_user(Connection& connection, std::int64_t user_id, std::int64_t after_id, int limit) {
    auto statement =
        connection.prepare("SELECT id FROM posts WHERE author_id = ? AND id > ? ORDER BY author_id, id LIMIT ?");
    statement.bind(1, user_id).bind(2, after_id).bind(3, limit);
    return ids(statement);
}

std::vector<std::int64_t> cards_of_user(Connection& connection, std::int64_t user_id, std::int64_t after_id, int limit) {
    auto statement =
        connection.prepare("SELECT id FROM cards WHERE created_by = ? AND id > ? ORDER BY created_by, id LIMIT ?");
    statement.bind(1, user_id).bind(2, after_id).bind(3, limit);
    return ids(statement);
}

std::vector<std::int64_t> documents_of_user(Connection& connection, std::int64_t user_id, std::int64_t after_id,
                                            int limit) {
    auto statement = connection.prepare(
        "SELECT id FROM documents WHERE uploaded_by = ? AND id > ? ORDER BY uploaded_by, id LIMIT ?");
    statement.bind(1, user_id).bind(2, after_id).bind(3, limit);
    return ids(statement);
}

void note_erased_item(Connection& connection, std::int64_t user_id, const std::string& kind, std::int64_t item_id) {
    connection.prepare("INSERT OR IGNORE INTO user_erasure_items (user_id, kind, item_id) VALUES (?, ?, ?)")
        .bind(1, user_id)
        .bind(2, kind)
        .bind(3, item_id)
        .run();
}

void blank_document_name(Connection& connection, std::int64_t document_id) {
    connection.prepare("UPDATE documents SET name = '' WHERE id = ?").bind(1, document_id).run();
}

bool is_erased_item(Connection& connection, std::int64_t user_id, const std::string& kind, std::int64_t item_id) {
    auto statement =
        connection.prepare("SELECT 1 FROM user_erasure_items WHERE user_id = ? AND kind = ? AND item_id = ?");
    statement.bind(1, user_id).bind(2, kind).bind(3, item_id);
    return statement.step();
}

std::int64_t scrub_user_audit(Connection& connection, std::int64_t user_id, std::int64_t after_id, int limit) {
    auto statement = connection.prepare(
        "SELECT id FROM audit_log WHERE (actor_id = ?1 OR (target_type = 'user' AND target_id = ?2)) AND id > ?3 "
        "ORDER BY id LIMIT ?4");
    statement.bind(1, user_id).bind(2, std::to_string(user_id)).bind(3, after_id).bind(4, limit);
    auto found = ids(statement);
    for (auto id : found)
        connection.prepare("UPDATE audit_log SET address = NULL WHERE id = ? AND address IS NOT NULL").bind(1, id).run();
    return found.empty() ? after_id : found.back();
}

void finish_user_erasure(Connection& connection, std::int64_t user_id, std::int64_t now) {
    auto erasure = find_user_erasure(connection, user_id);
    if (!erasure) return;
    connection.prepare("UPDATE user_erasures SET stage = ?, finished_at = ? WHERE user_id = ?")
        .bind(1, static_cast<int>(UserErasureStage::finished))
        .bind(2, now)
        .bind(3, user_id)
        .run();
    connection.prepare("DELETE FROM user_erasure_items WHERE user_id = ?").bind(1, user_id).run();
    connection.note_erasure();
}

}  // namespace kl::storage
