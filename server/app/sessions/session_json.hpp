#pragma once
// Wire forms of sessions, members and event actors.
#include "storage/sessions.hpp"
#include "storage/users.hpp"

#include <nlohmann/json.hpp>

#include <optional>

namespace kl::storage {
class Connection;
}

namespace kl::app {

// The session object; my_role and my_rights are added only in answers to one user,
// never in events.
nlohmann::json session_json(const storage::Session& session);
nlohmann::json session_json(const storage::Session& session, const std::optional<storage::Member>& mine);
// What a moderator (and the administrator's retention list) sees of a session's
// retention: {"retention_days": n|null, "erase_after": time|null, "legal_hold": bool,
// "erased_at": time|null}. Added to session_json for moderators only.
nlohmann::json retention_json(const storage::Session& session);
// What the member may do in session, from the same rules the verbs apply
// (access/session_access.hpp), so that the browser client shows exactly the controls
// the server will accept: {"start_thread","post","flag","moderate","add_card",
// "manage_members","update","read_audit": bool, "edit_cards","delete_cards":
// "none"|"own"|"any"}.
nlohmann::json rights_json(const storage::Member& member, const storage::Session& session);
// {id, display_name} of a user looked up by id; null for none or an unknown id.
nlohmann::json user_ref(storage::Connection& connection, std::optional<std::int64_t> user_id);
// The member object, with its user and inviter looked up.
nlohmann::json member_json(storage::Connection& connection, const storage::Member& member);

}  // namespace kl::app
