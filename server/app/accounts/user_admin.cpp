#include "server/app/accounts/user_admin.hpp"

#include "protocol/fields.hpp"
#include "protocol/vocabulary.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/accounts/accounts.hpp"
#include "server/app/accounts/activation_mail.hpp"
#include "server/app/accounts/user_json.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "storage/audit.hpp"
#include "storage/connection.hpp"
#include "storage/second_factor.hpp"
#include "storage/sessions.hpp"
#include "storage/tokens.hpp"
#include "storage/users.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

constexpr int max_find_results = 50;

storage::User require_target(storage::Connection& c, const std::string& id) {
    auto user = storage::find_user(c, protocol::id_value(id));
    if (!user) throw ProtocolError(ErrorCode::not_found, "Deze gebruiker bestaat niet.");
    return *user;
}

// After the commit, closes the connections of the user in the answer: their logins
// have just been revoked.
Finish closing_connections_of_target(Services& services, Finish finish) {
    return [&services, finish = std::move(finish)](Outcome outcome) {
        if (!failed(outcome))
            services.registry.close_user(protocol::id_value(result(outcome)["user"]["id"].get<std::string>()),
                                         CloseReason::account_disabled);
        finish(std::move(outcome));
    };
}

// Who the activation mail says made the link.
std::string made_by_name(storage::Connection& c, std::int64_t caller_id) {
    auto caller = storage::find_user(c, caller_id);
    return caller ? caller->display_name : "De beheerder";
}

}  // namespace

UserAdmin::UserAdmin(Services& services, SecondFactorGate& gate) : services_(services), gate_(gate) {}

void UserAdmin::create(std::int64_t caller_id, const nlohmann::json& params, Finish finish) {
    storage::NewUser user;
    user.email = protocol::required_email(params, "email");
    user.display_name = protocol::required_string(params, "display_name", 1, 100);
    const auto& organisation = protocol::required_object(params, "organisation");
    user.organisation_type = protocol::required_enum(organisation, "type", protocol::organisation_types);
    user.organisation_name = protocol::required_string(organisation, "name", 1, 200);
    user.global_role = protocol::required_enum(params, "global_role", protocol::global_roles);
    user.created_by = caller_id;
    run_write(
        services_.writer,
        [this, caller_id, user](storage::Connection& c) mutable -> nlohmann::json {
            require_caller(c, caller_id, GlobalAction::user_create);
            if (storage::find_user_by_email(c, user.email))
                throw ProtocolError(ErrorCode::conflict, "Er is al een account met dit e-mailadres.");
            user.created_at = services_.now();
            auto created = storage::create_user(c, user);
            gate_.recheck(c, created.id);
            auto link = issue_activation_link(c, created.id, services_.now(), services_.origin);
            audit_user_action(c, services_.now(), caller_id, "user.create", created.id);
            // Queued in this transaction: the mail exists exactly when the account does.
            auto mailed = mail::queue_mail(
                services_, c, activation_mail(created.email, created.display_name, made_by_name(c, caller_id), link));
            return {{"user", user_json(created, UserView::admin)},
                    {"activation_url", link},
                    {"mail", mail::queued_name(mailed)}};
        },
        std::move(finish));
}

void UserAdmin::reset(std::int64_t caller_id, const nlohmann::json& params, Finish finish) {
    auto target_id = protocol::required_id(params, "user");
    run_write(
        services_.writer,
        [this, caller_id, target_id](storage::Connection& c) -> nlohmann::json {
            require_caller(c, caller_id, GlobalAction::user_reset);
            auto target = require_target(c, target_id);
            if (target.disabled) throw ProtocolError(ErrorCode::gone, "Dit account is geblokkeerd.");
            // The old password stops working and every login of the account ends.
            storage::set_password_hash(c, target.id, std::nullopt);
            storage::delete_login_tokens_of(c, target.id);
            auto link = issue_activation_link(c, target.id, services_.now(), services_.origin);
            audit_user_action(c, services_.now(), caller_id, "user.reset", target.id);
            target.password_hash.reset();
            auto mailed = mail::queue_mail(services_, c,
                                           activation_mail(target.email, target.display_name,
                                                           made_by_name(c, caller_id), link, true));
            return {{"user", user_json(target, UserView::admin)},
                    {"activation_url", link},
                    {"mail", mail::queued_name(mailed)}};
        },
        closing_connections_of_target(services_, std::move(finish)));
}

void UserAdmin::disable(std::int64_t caller_id, const nlohmann::json& params, Finish finish) {
    auto target_id = protocol::required_id(params, "user");
    run_write(
        services_.writer,
        [this, caller_id, target_id](storage::Connection& c) -> nlohmann::json {
            require_caller(c, caller_id, GlobalAction::user_disable);
            auto target = require_target(c, target_id);
            if (target.id == caller_id)
                throw ProtocolError(ErrorCode::forbidden, "Je kunt je eigen account niet blokkeren.");
            storage::set_disabled(c, target.id, true);
            storage::delete_login_tokens_of(c, target.id);
            audit_user_action(c, services_.now(), caller_id, "user.disable", target.id);
            target.disabled = true;
            return {{"user", user_json(target, UserView::admin)}};
        },
        closing_connections_of_target(services_, std::move(finish)));
}

void UserAdmin::find(std::int64_t caller_id, const nlohmann::json& params, Finish finish) {
    auto query = protocol::optional_string(params, "q", 0, 100).value_or("");
    run_read(
        services_.pool,
        [caller_id, query](storage::Connection& c) -> nlohmann::json {
            // Moderators look people up to add them to their sessions.
            auto caller = require_caller(c, caller_id, GlobalAction::hello);
            if (!may(caller, GlobalAction::user_find) && !storage::moderates_any_session(c, caller.id))
                throw ProtocolError(ErrorCode::forbidden, "Dit mag je niet doen met jouw rol.");
            auto view = caller.global_role == "admin" ? UserView::admin : UserView::self_or_member;
            auto users = nlohmann::json::array();
            for (const auto& user : storage::search_users(c, query, max_find_results)) {
                auto json = user_json(user, view);
                if (view == UserView::admin) json["second_factor"] = storage::has_second_factor(c, user.id);
                users.push_back(std::move(json));
            }
            return {{"users", users}};
        },
        std::move(finish));
}

}  // namespace kl::app
