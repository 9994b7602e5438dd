#include "storage/sessions.hpp"

#include "storage/connection.hpp"

namespace kl::storage {

namespace {

constexpr const char* session_columns =
    "id, title, description, starts_at, ends_at, premoderation, premoderate_participants, archived_at, version, "
    "head_seq, created_at, created_by, experts_add_cards, retention_days, legal_hold, hold_reason, erase_notice_at, "
    "erasure_started_at, erased_at";

Session read_session(const Statement& row) {
    Session s;
    s.id = row.int64(0);
    s.title = row.text(1);
    s.description = row.text(2);
    s.starts_at = row.optional_int64(3);
    s.ends_at = row.optional_int64(4);
    s.premoderation = row.int64(5) != 0;
    s.premoderate_participants = row.int64(6) != 0;
    s.archived_at = row.optional_int64(7);
    s.version = row.int64(8);
    s.head_seq = row.int64(9);
    s.created_at = row.int64(10);
    s.created_by = row.int64(11);
    s.experts_add_cards = row.int64(12) != 0;
    s.retention_days = row.optional_int64(13);
    s.legal_hold = row.int64(14) != 0;
    s.hold_reason = row.text(15);
    s.erase_notice_at = row.optional_int64(16);
    s.erasure_started_at = row.optional_int64(17);
    s.erased_at = row.optional_int64(18);
    return s;
}

constexpr const char* member_columns =
    "session_id, user_id, role, joined_at, added_by, muted_until, access_until, invited_by, visible_from_seq";

Member read_member(const Statement& row) {
    Member m;
    m.session_id = row.int64(0);
    m.user_id = row.int64(1);
    m.role = row.text(2);
    m.joined_at = row.int64(3);
    m.added_by = row.optional_int64(4);
    m.muted_until = row.optional_int64(5);
    m.access_until = row.optional_int64(6);
    m.invited_by = row.optional_int64(7);
    m.visible_from_seq = row.int64(8);
    return m;
}

}  // namespace

Session create_session(Connection& connection, const Session& session) {
    connection
        .prepare(
            "INSERT INTO sessions (title, description, starts_at, ends_at, premoderation, premoderate_participants, "
            "created_at, created_by, experts_add_cards, retention_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, session.title)
        .bind(2, session.description)
        .bind(3, session.starts_at)
        .bind(4, session.ends_at)
        .bind(5, session.premoderation ? 1 : 0)
        .bind(6, session.premoderate_participants ? 1 : 0)
        .bind(7, session.created_at)
        .bind(8, session.created_by)
        .bind(9, session.experts_add_cards ? 1 : 0)
        .bind(10, session.retention_days)
        .run();
    return *find_session(connection, connection.last_insert_id());
}

std::optional<Session> find_session(Connection& connection, std::int64_t id) {
    static const std::string sql = std::string("SELECT ") + session_columns + " FROM sessions WHERE id = ?";
    auto statement = connection.prepare(sql);
    statement.bind(1, id);
    if (!statement.step()) return std::nullopt;
    return read_session(statement);
}

void update_session(Connection& connection, Session& session) {
    ++session.version;
    connection
        .prepare(
            "UPDATE sessions SET title = ?, description = ?, starts_at = ?, ends_at = ?, premoderation = ?, "
            "premoderate_participants = ?, archived_at = ?, version = ?, experts_add_cards = ?, retention_days = ?, "
            "erase_notice_at = ? WHERE id = ?")
        .bind(1, session.title)
        .bind(2, session.description)
        .bind(3, session.starts_at)
        .bind(4, session.ends_at)
        .bind(5, session.premoderation ? 1 : 0)
        .bind(6, session.premoderate_participants ? 1 : 0)
        .bind(7, session.archived_at)
        .bind(8, session.version)
        .bind(9, session.experts_add_cards ? 1 : 0)
        .bind(10, session.retention_days)
        .bind(11, session.erase_notice_at)
        .bind(12, session.id)
        .run();
}

std::vector<Session> list_sessions(Connection& connection, std::int64_t user_id, bool all_sessions, std::int64_t now) {
    auto statement = connection.prepare(
        std::string("SELECT ") + session_columns +
        " FROM sessions WHERE ?1 OR id IN (SELECT session_id FROM members WHERE user_id = ?2 AND "
        "(access_until IS NULL OR access_until > ?3)) ORDER BY coalesce(starts_at, created_at), id");
    statement.bind(1, all_sessions ? 1 : 0).bind(2, user_id).bind(3, now);
    std::vector<Session> sessions;
    while (statement.step()) sessions.push_back(read_session(statement));
    return sessions;
}

void add_member(Connection& connection, const Member& m) {
    connection
        .prepare(
            "INSERT INTO members (session_id, user_id, role, joined_at, added_by, muted_until, access_until, "
            "invited_by, visible_from_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, m.session_id)
        .bind(2, m.user_id)
        .bind(3, m.role)
        .bind(4, m.joined_at)
        .bind(5, m.added_by)
        .bind(6, m.muted_until)
        .bind(7, m.access_until)
        .bind(8, m.invited_by)
        .bind(9, m.visible_from_seq)
        .run();
}

std::optional<Member> find_member(Connection& connection, std::int64_t session_id, std::int64_t user_id) {
    static const std::string sql =
        std::string("SELECT ") + member_columns + " FROM members WHERE session_id = ? AND user_id = ?";
    auto statement = connection.prepare(sql);
    statement.bind(1, session_id).bind(2, user_id);
    if (!statement.step()) return std::nullopt;
    return read_member(statement);
}

std::vector<Member> list_members(Connection& connection, std::int64_t session_id) {
    auto statement = connection.prepare(std::string("SELECT ") + member_columns +
                                        " FROM members WHERE session_id = ? ORDER BY joined_at, user_id");
    statement.bind(1, session_id);
    std::vector<Member> members;
    while (statement.step()) members.push_back(read_member(statement));
    return members;
}

void update_member(Connection& connection, const Member& m) {
    connection
        .prepare(
            "UPDATE members SET role = ?, muted_until = ?, access_until = ?, visible_from_seq = ? "
            "WHERE session_id = ? AND user_id = ?")
        .bind(1, m.role)
        .bind(2, m.muted_until)
        .bind(3, m.access_until)
        .bind(4, m.visible_from_seq)
        .bind(5, m.session_id)
        .bind(6, m.user_id)
        .run();
}

void remove_member(Connection& connection, std::int64_t session_id, std::int64_t user_id) {
    connection.prepare("DELETE FROM members WHERE session_id = ? AND user_id = ?").bind(1, session_id).bind(2, user_id).run();
}

int count_moderators(Connection& connection, std::int64_t session_id) {
    auto statement = connection.prepare("SELECT count(*) FROM members WHERE session_id = ? AND role = 'moderator'");
    statement.bind(1, session_id);
    statement.step();
    return static_cast<int>(statement.int64(0));
}

}  // namespace kl::storage

namespace kl::storage {

bool moderates_any_session(Connection& connection, std::int64_t user_id) {
    auto statement = connection.prepare("SELECT 1 FROM members WHERE user_id = ? AND role = 'moderator' LIMIT 1");
    statement.bind(1, user_id);
    return statement.step();
}

}  // namespace kl::storage
