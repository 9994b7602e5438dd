#include "server/app/accounts/accounts_feature.hpp"

#include "protocol/json_parse.hpp"
#include "protocol/vocabulary.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/accounts/user_admin.hpp"
#include "server/app/accounts/user_json.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

namespace {

// The first request of every connection: who am I, which protocol does the server
// speak, and the limits a client names to people (the upload size is a flag).
void hello(Services& services, const std::shared_ptr<Client>& client, Finish finish) {
    run_read(
        services.pool,
        [id = client->user_id(), upload_bytes = services.config.max_upload_bytes()](storage::Connection& c) -> nlohmann::json {
            auto user = require_caller(c, id, GlobalAction::hello);
            return {{"user", self_json(user)},
                    {"protocol", protocol::protocol_version},
                    {"limits", {{"upload_bytes", upload_bytes}}}};
        },
        std::move(finish));
}

}  // namespace

Accounts& register_accounts(Features& features, SetupToken& setup_token) {
    auto& services = features.services;
    auto& accounts = features.keep<Accounts>(services, setup_token, features.hashing_pool, features.second_factor_gate);
    auto& routes = features.routes;
    auto body = [](const HttpRequest& request) { return protocol::parse_object(request.body); };
    routes.add("GET", "/api/setup", [&accounts](const HttpRequest&, const std::string&, Respond respond) {
        accounts.setup_status(respond);
    }, SecondFactorCheck::exempt);
    routes.add("POST", "/api/setup", [&accounts, body](const HttpRequest& request, const std::string&, Respond respond) {
        accounts.setup(request, body(request), std::move(respond));
    }, SecondFactorCheck::exempt);
    routes.add("POST", "/api/login", [&accounts, body](const HttpRequest& request, const std::string&, Respond respond) {
        accounts.login(request, body(request), std::move(respond));
    }, SecondFactorCheck::exempt);
    routes.add("POST", "/api/logout", [&accounts](const HttpRequest& request, const std::string&, Respond respond) {
        accounts.logout(request, std::move(respond));
    }, SecondFactorCheck::exempt);
    routes.add("GET", "/api/me", [&accounts](const HttpRequest& request, const std::string&, Respond respond) {
        accounts.me(request, std::move(respond));
    }, SecondFactorCheck::exempt);
    routes.add("GET", "/api/activation/{}", [&accounts](const HttpRequest&, const std::string& token, Respond respond) {
        accounts.activation_info(token, std::move(respond));
    }, SecondFactorCheck::exempt);
    routes.add("POST", "/api/activation/{}",
               [&accounts, body](const HttpRequest& request, const std::string& token, Respond respond) {
                   accounts.activate(request, token, body(request), std::move(respond));
               }, SecondFactorCheck::exempt);

    auto& verbs = features.verbs;
    verbs.add("hello", [&services](const std::shared_ptr<Client>& client, const protocol::Request&, Finish finish) {
        hello(services, client, std::move(finish));
    });
    auto& admin = features.keep<UserAdmin>(services, features.second_factor_gate);
    auto admin_verb = [&admin](void (UserAdmin::*method)(std::int64_t, const nlohmann::json&, Finish)) -> Verb {
        return [&admin, method](const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
            (admin.*method)(client->user_id(), request.params, std::move(finish));
        };
    };
    verbs.add("user.create", admin_verb(&UserAdmin::create));
    verbs.add("user.reset", admin_verb(&UserAdmin::reset));
    verbs.add("user.disable", admin_verb(&UserAdmin::disable));
    verbs.add("user.find", admin_verb(&UserAdmin::find));
    return accounts;
}

}  // namespace kl::app
