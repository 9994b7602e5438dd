#include "server/app/accounts/user_json.hpp"

namespace kl::app {

nlohmann::json user_json(const storage::User& user, UserView view) {
    nlohmann::json json = {
        {"id", std::to_string(user.id)},
        {"email", user.email},
        {"display_name", user.display_name},
        {"organisation", {{"type", user.organisation_type}, {"name", user.organisation_name}}},
        {"global_role", user.global_role},
    };
    if (view == UserView::admin) json["status"] = user.status();
    return json;
}

nlohmann::json self_json(const storage::User& user) {
    return user_json(user, user.global_role == "admin" ? UserView::admin : UserView::self_or_member);
}

nlohmann::json user_summary(const storage::User& user) {
    // Member by member: every post's wire forms carry one, and a braced list first builds
    // a two-element array per member (twice the allocations). The object is the same.
    nlohmann::json organisation = nlohmann::json::object();
    organisation["type"] = user.organisation_type;
    organisation["name"] = user.organisation_name;
    nlohmann::json json = nlohmann::json::object();
    json["id"] = std::to_string(user.id);
    json["display_name"] = user.display_name;
    json["organisation"] = std::move(organisation);
    return json;
}

}  // namespace kl::app
