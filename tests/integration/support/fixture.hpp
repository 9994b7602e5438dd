#pragma once
// Common steps of integration tests: a server with an administrator, accounts made
// through the real API.
#include "test_client.hpp"
#include "test_server.hpp"

#include "server/app/core/clock.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <stdexcept>
#include <vector>

namespace kl::test {

inline constexpr const char* admin_password = "beheerder-wachtwoord-1";
inline constexpr const char* member_password = "deelnemer-wachtwoord-1";

class ServerTest : public ::testing::Test {
protected:
    explicit ServerTest(const app::Clock* clock = nullptr, const std::function<void(app::ServerConfig&)>& adjust = {})
        : server(clock, adjust) {}

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

    // The token in an invitation's link (invite.create's answer).
    static std::string token_of(const nlohmann::json& created) {
        auto url = created["url"].get<std::string>();
        return url.substr(url.rfind('/') + 1);
    }

    HttpResult accept_invitation(const std::string& token, const nlohmann::json& body, const std::string& cookie = "") {
        return https(server.port(), "POST", "/api/invitations/" + token + "/accept", body.dump(), same_origin(cookie));
    }

    // The account a newcomer makes when accepting an invitation.
    static nlohmann::json newcomer(const std::string& email) {
        return {{"display_name", "Dr. Gast"},
                {"email", email},
                {"password", "gast-wachtwoord-123"},
                {"organisation", {{"type", "expert"}, {"name", "Universiteit Voorbeeld"}}}};
    }

    // Adds each user to session in its role, through the moderator's connection.
    static void add_members(WsClient& moderator, const std::string& session,
                            std::initializer_list<std::pair<const nlohmann::json*, const char*>> members) {
        for (auto [user, role] : members) {
            auto added = moderator.request("member.add", {{"session", session}, {"user", (*user)["id"]}, {"role", role}});
            ASSERT_EQ(added["ok"], true) << added.dump();
        }
    }

    // The next event frame, skipping presence and typing.
    static nlohmann::json next_event(WsClient& client) {
        for (;;) {
            auto frame = client.next_frame();
            if (!frame) throw std::runtime_error("connection closed");
            if ((*frame)["type"] == "event") return *frame;
        }
    }
};

// Holds a clock the test moves, so that it exists before the server that reads it
// (derive from it before ServerTest).
struct ClockHolder {
    app::ManualClock clock{app::TimePoint(std::chrono::seconds(1'893'452'400))};  // 2029-12-31T23:00:00Z
};

// A server with an administrator who moderates one session, and a participant, an
// expert and an observer in it, each with an open connection. A test that wants the
// session made otherwise (premoderated, another title) overrides session_params.
class SessionMembersTest : public ServerTest {
protected:
    using ServerTest::ServerTest;

    std::unique_ptr<WsClient> moderator, participant, expert, observer;
    nlohmann::json participant_user, expert_user, observer_user;
    std::string moderator_cookie, participant_cookie, expert_cookie, observer_cookie;
    std::string session;

    virtual nlohmann::json session_params() const { return {{"title", "Kennislab Rechts-extremisme"}}; }

    void SetUp() override {
        moderator_cookie = setup_admin();
        moderator = std::make_unique<WsClient>(server.port(), ws_options(moderator_cookie));
        std::tie(participant_user, participant_cookie) = make_user(*moderator, "deelnemer@gemeente.example");
        std::tie(expert_user, expert_cookie) = make_user(*moderator, "deskundige@universiteit.example");
        std::tie(observer_user, observer_cookie) = make_user(*moderator, "toehoorder@gemeente.example");
        auto created = moderator->request("session.create", session_params());
        ASSERT_EQ(created["ok"], true) << created.dump();
        session = created["session"]["id"];
        add_members(*moderator, session, {{&participant_user, "participant"}, {&expert_user, "expert"}, {&observer_user, "observer"}});
        participant = std::make_unique<WsClient>(server.port(), ws_options(participant_cookie));
        expert = std::make_unique<WsClient>(server.port(), ws_options(expert_cookie));
        observer = std::make_unique<WsClient>(server.port(), ws_options(observer_cookie));
    }

    // A newcomer with this email invited to the session in role with history
    // "from_join", who accepts now; returns their login cookie.
    std::string join_from_now(const std::string& email, const std::string& role = "participant") {
        auto invitation = moderator->request("invite.create", {{"session", session}, {"role", role},
                                                               {"expires_in_hours", 48}, {"history", "from_join"}});
        EXPECT_EQ(invitation["ok"], true) << invitation.dump();
        auto accepted = accept_invitation(token_of(invitation), newcomer(email));
        EXPECT_EQ(accepted.status, 200) << accepted.body;
        return accepted.login_cookie();
    }

    // Subscribes client to the session from after_seq and returns every event frame it
    // gets up to the current head, then unsubscribes. A marker event the moderator
    // publishes after subscribing (everyone sees it) ends the replay: it arrives after
    // every replayed event.
    std::vector<nlohmann::json> replay(WsClient& client, std::int64_t after_seq = 0) {
        auto answer = client.request("session.subscribe", {{"session", session}, {"after_seq", after_seq}});
        EXPECT_EQ(answer["ok"], true) << answer.dump();
        client.take_kept();  // frames that came before the answer belong to an earlier subscription
        auto marker = moderator->request(
            "session.update", {{"session", session}, {"description", "markering " + std::to_string(++replay_markers_)}});
        EXPECT_EQ(marker["ok"], true);
        std::vector<nlohmann::json> events;
        for (;;) {
            auto frame = next_event(client);
            if (frame["event"]["kind"] == "session.updated" &&
                frame["event"]["session"]["description"] == marker["session"]["description"])
                break;
            events.push_back(frame);
        }
        client.request("session.unsubscribe", {{"session", session}});
        return events;
    }

private:
    int replay_markers_ = 0;
};

}  // namespace kl::test
