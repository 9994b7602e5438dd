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
    return {{"id", std::to_string(user.id)},
            {"display_name", user.display_name},
            {"organisation", {{"type", user.organisation_type}, {"name", user.organisation_name}}}};
}

}  // namespace kl::app
