#include "storage/invitations.hpp"

#include "storage/connection.hpp"

namespace kl::storage {

namespace {

constexpr const char* invitation_columns =
    "id, session_id, role, email, display_name, note, token_hash, history, created_at, expires_at, access_until, "
    "invited_by, revoked_at, used_by, used_at";

Invitation read_invitation(const Statement& row) {
    Invitation i;
    i.id = row.int64(0);
    i.session_id = row.int64(1);
    i.role = row.text(2);
    i.email = row.optional_text(3);
    i.display_name = row.optional_text(4);
    i.note = row.text(5);
    i.token_hash = row.text(6);
    i.history = row.text(7);
    i.created_at = row.int64(8);
    i.expires_at = row.int64(9);
    i.access_until = row.optional_int64(10);
    i.invited_by = row.int64(11);
    i.revoked_at = row.optional_int64(12);
    i.used_by = row.optional_int64(13);
    i.used_at = row.optional_int64(14);
    return i;
}

}  // namespace

std::string Invitation::status(std::int64_t now) const {
    if (revoked_at) return "revoked";
    if (used_at) return "used";
    if (expires_at <= now) return "expired";
    return "open";
}

Invitation create_invitation(Connection& connection, const Invitation& i) {
    connection
        .prepare(
            "INSERT INTO invitations (session_id, role, email, display_name, note, token_hash, history, created_at, "
            "expires_at, access_until, invited_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, i.session_id)
        .bind(2, i.role)
        .bind(3, i.email)
        .bind(4, i.display_name)
        .bind(5, i.note)
        .bind(6, i.token_hash)
        .bind(7, i.history)
        .bind(8, i.created_at)
        .bind(9, i.expires_at)
        .bind(10, i.access_until)
        .bind(11, i.invited_by)
        .run();
    return *find_invitation(connection, connection.last_insert_id());
}

std::optional<Invitation> find_invitation(Connection& connection, std::int64_t id) {
    auto statement = connection.prepare(std::string("SELECT ") + invitation_columns + " FROM invitations WHERE id = ?");
    statement.bind(1, id);
    if (!statement.step()) return std::nullopt;
    return read_invitation(statement);
}

std::optional<Invitation> find_invitation_by_token(Connection& connection, const std::string& token_hash) {
    auto statement =
        connection.prepare(std::string("SELECT ") + invitation_columns + " FROM invitations WHERE token_hash = ?");
    statement.bind(1, token_hash);
    if (!statement.step()) return std::nullopt;
    return read_invitation(statement);
}

std::vector<Invitation> list_invitations(Connection& connection, std::int64_t session_id) {
    auto statement = connection.prepare(std::string("SELECT ") + invitation_columns +
                                        " FROM invitations WHERE session_id = ? ORDER BY id DESC");
    statement.bind(1, session_id);
    std::vector<Invitation> invitations;
    while (statement.step()) invitations.push_back(read_invitation(statement));
    return invitations;
}

void update_invitation(Connection& connection, const Invitation& i) {
    connection
        .prepare("UPDATE invitations SET revoked_at = ?, used_by = ?, used_at = ?, access_until = ? WHERE id = ?")
        .bind(1, i.revoked_at)
        .bind(2, i.used_by)
        .bind(3, i.used_at)
        .bind(4, i.access_until)
        .bind(5, i.id)
        .run();
}

std::vector<EndedAccess> accesses_ended(Connection& connection, std::int64_t now) {
    auto statement = connection.prepare(
        "SELECT session_id, user_id FROM members WHERE access_until IS NOT NULL AND access_ended = 0 "
        "AND access_until <= ? ORDER BY access_until");
    statement.bind(1, now);
    std::vector<EndedAccess> ended;
    while (statement.step()) ended.push_back({statement.int64(0), statement.int64(1)});
    return ended;
}

void mark_access_ended(Connection& connection, std::int64_t session_id, std::int64_t user_id) {
    connection.prepare("UPDATE members SET access_ended = 1 WHERE session_id = ? AND user_id = ?")
        .bind(1, session_id)
        .bind(2, user_id)
        .run();
}

void set_member_access(Connection& connection, std::int64_t session_id, std::int64_t user_id,
                       std::optional<std::int64_t> access_until) {
    connection.prepare("UPDATE members SET access_until = ?, access_ended = 0 WHERE session_id = ? AND user_id = ?")
        .bind(1, access_until)
        .bind(2, session_id)
        .bind(3, user_id)
        .run();
}

}  // namespace kl::storage
