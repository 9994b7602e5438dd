#pragma once
// The wire form of a user object.
#include "storage/users.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

enum class UserView { self_or_member, admin };

// {"id","email","display_name","organisation":{"type","name"},"global_role"}; the
// admin view adds "status" (active, pending, disabled).
nlohmann::json user_json(const storage::User& user, UserView view = UserView::self_or_member);

// {id, display_name, organisation}: how members see each other.
nlohmann::json user_summary(const storage::User& user);

// A user's own object: admins see their own status as in the admin view.
nlohmann::json self_json(const storage::User& user);

}  // namespace kl::app
