#pragma once
// Sessions and their members. Times are Unix seconds; NULLs are std::nullopt.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kl::storage {

class Connection;

struct Session {
    std::int64_t id = 0;
    std::string title;
    std::string description;
    std::optional<std::int64_t> starts_at;
    std::optional<std::int64_t> ends_at;
    bool premoderation = false;
    bool premoderate_participants = false;
    bool experts_add_cards = true;  // experts may add cards to the board
    std::optional<std::int64_t> archived_at;
    std::int64_t version = 1;
    std::int64_t head_seq = 0;
    std::int64_t created_at = 0;
    std::int64_t created_by = 0;
    // Retention (storage/retention.hpp). retention_days: whole days after archiving until
    // the content is erased (nullopt: kept until someone sets a term); written by
    // create_session and update_session (which also writes erase_notice_at, so that a
    // changed term is announced again). The rest is written only by storage/retention.
    std::optional<std::int64_t> retention_days;
    bool legal_hold = false;                       // an administrator stopped the erasure
    std::string hold_reason;                       // why (set with the hold, kept after lifting)
    std::optional<std::int64_t> erase_notice_at;   // when moderators were told the erasure is near
    std::optional<std::int64_t> erasure_started_at;  // the eraser's first batch; set until it finishes
    std::optional<std::int64_t> erased_at;         // the content is gone since
};

struct Member {
    std::int64_t session_id = 0;
    std::int64_t user_id = 0;
    std::string role;  // moderator, participant, expert, observer
    std::int64_t joined_at = 0;
    std::optional<std::int64_t> added_by;
    std::optional<std::int64_t> muted_until;
    std::optional<std::int64_t> access_until;
    std::optional<std::int64_t> invited_by;
    std::int64_t visible_from_seq = 0;
};

// Inserts a session (id, version and head_seq are assigned) and returns it.
Session create_session(Connection& connection, const Session& session);
std::optional<Session> find_session(Connection& connection, std::int64_t id);
// Writes every field of session and increments its version.
void update_session(Connection& connection, Session& session);
// Sessions the user is a member of (with access not expired at now), or all when all_sessions.
std::vector<Session> list_sessions(Connection& connection, std::int64_t user_id, bool all_sessions, std::int64_t now);

void add_member(Connection& connection, const Member& member);
std::optional<Member> find_member(Connection& connection, std::int64_t session_id, std::int64_t user_id);
std::vector<Member> list_members(Connection& connection, std::int64_t session_id);
void update_member(Connection& connection, const Member& member);
void remove_member(Connection& connection, std::int64_t session_id, std::int64_t user_id);
int count_moderators(Connection& connection, std::int64_t session_id);

}  // namespace kl::storage

namespace kl::storage {

// True when the user moderates at least one session (they may then look up users to add).
bool moderates_any_session(Connection& connection, std::int64_t user_id);

}  // namespace kl::storage
