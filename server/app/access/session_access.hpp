#pragma once
// Who may do what inside a session, decided from plain values so that the whole
// matrix (every verb against every role) is testable as a table.
#include "server/app/access/reader.hpp"
#include "storage/sessions.hpp"
#include "storage/users.hpp"

#include <optional>

namespace kl::storage {
class Connection;
}

namespace kl::app {

enum class SessionAction {
    read,            // session.state, session.subscribe, session.unsubscribe
    update,          // session.update
    archive,         // session.archive
    manage_members,  // member.add, member.remove, member.set_role, member.mute
    start_thread,    // thread.create: participants and moderators
    post,            // post.create, typing: participants, experts and moderators
    flag,            // post.flag: every member
    moderate,        // thread.lock … thread.slow_mode, mod.*, board columns: moderators
    add_card,        // board.card.*: participants and moderators; experts unless the session says no
    read_audit,      // audit.list for one session: moderators, also once the session is archived
    set_retention,   // session.update with only retention_days: moderators, also once archived
};

enum class Decision { allowed, forbidden, locked };

// The rule itself. member is the caller's membership (nullopt: not a member, or a
// guest whose access has ended); archived sessions refuse every change with locked
// (reading, also the audit log, stays allowed).
Decision decide(const storage::User& caller, const std::optional<storage::Member>& member,
                const storage::Session& session, SessionAction action);
// The same for the membership of an account that is not disabled.
Decision decide(const std::optional<storage::Member>& member, const storage::Session& session, SessionAction action);

// How far a right over cards reaches: to none, to the member's own, to any card.
enum class Reach { none, own, any };
// Editing or moving a card: participants and moderators any card; experts their own
// (when the session lets experts add cards).
Reach card_edit_reach(const storage::Member& member, const storage::Session& session);
// Deleting a card: moderators any; whoever may add cards their own.
Reach card_delete_reach(const storage::Member& member, const storage::Session& session);
// True when reach covers a card created by created_by, for member.
bool reaches(Reach reach, const storage::Member& member, std::int64_t created_by);

// A membership that still grants access at now (guests lose it at access_until).
std::optional<storage::Member> active_membership(storage::Connection& connection, std::int64_t session_id,
                                                 std::int64_t user_id, std::int64_t now);

struct SessionAccess {
    storage::Session session;
    std::optional<storage::Member> member;  // always set once require_session allowed it

    // What this member may see (the visibility gate).
    Reader reader() const { return Reader::of(*member); }
};

// Loads the session and the caller's membership and applies decide(). Throws
// ProtocolError not_found, forbidden or locked.
SessionAccess require_session(storage::Connection& connection, const storage::User& caller, std::int64_t session_id,
                              SessionAction action, std::int64_t now);

}  // namespace kl::app
