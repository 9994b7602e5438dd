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

// The session object; my_role is added only in answers to one user, never in events.
nlohmann::json session_json(const storage::Session& session);
nlohmann::json session_json(const storage::Session& session, const std::optional<storage::Member>& mine);
// {id, display_name} of a user looked up by id; null for none or an unknown id.
nlohmann::json user_ref(storage::Connection& connection, std::optional<std::int64_t> user_id);
// The member object, with its user and inviter looked up.
nlohmann::json member_json(storage::Connection& connection, const storage::Member& member);

}  // namespace kl::app
