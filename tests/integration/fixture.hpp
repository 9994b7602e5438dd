#pragma once
// Common steps of integration tests: a server with an administrator, accounts made
// through the real API.
#include "test_client.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

namespace kl::test {

inline constexpr const char* admin_password = "beheerder-wachtwoord-1";
inline constexpr const char* member_password = "deelnemer-wachtwoord-1";

class ServerTest : public ::testing::Test {
protected:
    explicit ServerTest(const app::Clock* clock = nullptr) : server(clock) {}

    TestServer server;

    HttpOptions same_origin(const std::string& cookie = "") const { return {server.origin(), cookie}; }
    UpgradeOptions ws_options(const std::string& cookie) const { return {cookie, server.origin()}; }

    // Creates the first administrator through /api/setup; returns the login cookie.
    std::string setup_admin(const std::string& email = "beheer@ess.example") {
        nlohmann::json body = {{"token", server.setup_token()},
                               {"email", email},
                               {"display_name", "Bea Beheer"},
                               {"organisation", {{"type", "ess"}, {"name", "Expertise-unit Sociale Stabiliteit"}}},
                               {"password", admin_password}};
        auto result = https(server.port(), "POST", "/api/setup", body.dump(), same_origin());
        EXPECT_EQ(result.status, 201) << result.body;
        return result.login_cookie();
    }

    HttpResult login(const std::string& email, const std::string& password) {
        return https(server.port(), "POST", "/api/login", nlohmann::json{{"email", email}, {"password", password}}.dump(),
                     same_origin());
    }

    // Creates an account via user.create and activates it; returns {user json, cookie}.
    std::pair<nlohmann::json, std::string> make_user(WsClient& admin, const std::string& email,
                                                     const std::string& role = "member") {
        auto answer = admin.request("user.create", {{"email", email},
                                                    {"display_name", "Deelnemer " + email.substr(0, email.find('@'))},
                                                    {"organisation", {{"type", "gemeente"}, {"name", "Gemeente Voorbeeld"}}},
                                                    {"global_role", role}});
        EXPECT_EQ(answer["ok"], true) << answer.dump();
        auto url = answer["activation_url"].get<std::string>();
        auto token = url.substr(url.rfind('/') + 1);
        auto activated = https(server.port(), "POST", "/api/activation/" + token,
                               nlohmann::json{{"password", member_password}}.dump(), same_origin());
        EXPECT_EQ(activated.status, 200) << activated.body;
        return {answer["user"], activated.login_cookie()};
    }
};

}  // namespace kl::test
