// The second factor against the real server over TLS: enrolling an authenticator,
// logging in with its codes or a recovery code, the limits on wrong codes, the policy
// and its gate, and an administrator's reset. Codes come from the oathtool command
// (not from the server's own TOTP code), for the step the test asks for, so that no
// test waits 30 s for a fresh code. Next to each allowed action, the refused one.
#include "support/fixture.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <set>
#include <thread>

using namespace kl::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The code oathtool computes for base32 secret at unix time.
std::string oathtool(const std::string& secret, std::int64_t time) {
    auto command = "oathtool --totp -b " + secret + " -N @" + std::to_string(time);
    std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(command.c_str(), "r"), &pclose);
    if (!pipe) throw std::runtime_error("cannot run oathtool");
    std::array<char, 64> buffer{};
    std::string out;
    while (fgets(buffer.data(), buffer.size(), pipe.get())) out += buffer.data();
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    if (out.size() != 6) throw std::runtime_error("oathtool said '" + out + "'");
    return out;
}

// An authenticator app: each code it hands out is of a later step than the one before
// and within one step of now (of `now`, a clock the test moves, when given).
class Authenticator {
public:
    explicit Authenticator(std::string secret, const kl::app::Clock* clock = nullptr)
        : secret_(std::move(secret)), clock_(clock) {}

    std::string next() {
        auto current = now() / 30;
        auto step = std::max(current - 1, last_step_ + 1);
        while (step > now() / 30 + 1) std::this_thread::sleep_for(200ms);  // three codes used in one step: wait
        last_step_ = step;
        return oathtool(secret_, step * 30);
    }
    // The code handed out last, again.
    std::string last() const { return oathtool(secret_, last_step_ * 30); }
    const std::string& secret() const { return secret_; }

private:
    std::int64_t now() const { return clock_ ? clock_->now().time_since_epoch().count() : unix_now(); }
    std::string secret_;
    const kl::app::Clock* clock_;
    std::int64_t last_step_ = 0;
};

class SecondFactorTest : public ServerTest {
protected:
    using ServerTest::ServerTest;

    std::string admin_cookie;
    std::unique_ptr<WsClient> admin;

    void SetUp() override {
        admin_cookie = setup_admin();
        admin = std::make_unique<WsClient>(server.port(), ws_options(admin_cookie));
    }

    // Enrols an authenticator over client; returns it and the recovery codes.
    std::pair<Authenticator, json> enrol(WsClient& client, const kl::app::Clock* clock = nullptr) {
        auto begun = client.request("mfa.totp.begin");
        EXPECT_EQ(begun["ok"], true) << begun.dump();
        Authenticator app(begun["secret"].get<std::string>(), clock);
        auto confirmed = client.request("mfa.totp.confirm", {{"code", app.next()}});
        EXPECT_EQ(confirmed["ok"], true) << confirmed.dump();
        return {std::move(app), confirmed["recovery_codes"]};
    }

    HttpResult second_step(const json& body) {
        return https(server.port(), "POST", "/api/login/second-factor", body.dump(), same_origin());
    }

    std::string token_of_login(const std::string& email, const std::string& password) {
        auto result = login(email, password);
        EXPECT_EQ(result.status, 200) << result.body;
        EXPECT_EQ(result.login_cookie(), "");
        return result.json()["second_factor"]["token"];
    }

    HttpResult me(const std::string& cookie) { return https(server.port(), "GET", "/api/me", "", same_origin(cookie)); }

    static std::string code_of(const json& answer) { return answer["error"]["code"]; }
};

TEST_F(SecondFactorTest, EnrollingGivesTenRecoveryCodesOnceAndAWrongCodeIsRefused) {
    auto begun = admin->request("mfa.totp.begin");
    ASSERT_EQ(begun["ok"], true) << begun.dump();
    std::string secret = begun["secret"];
    EXPECT_EQ(secret.size(), 32u);
    EXPECT_EQ(begun["otpauth_url"], "otpauth://totp/Kennislab:beheer%40ess.example?secret=" + secret +
                                        "&issuer=Kennislab&algorithm=SHA1&digits=6&period=30");
    EXPECT_EQ(begun["qr_image"].get<std::string>().rfind("data:image/svg+xml;base64,", 0), 0u);

    Authenticator app(secret);
    auto right = app.next();
    auto wrong = right == "000000" ? "111111" : "000000";
    auto refused = admin->request("mfa.totp.confirm", {{"code", wrong}});
    EXPECT_EQ(code_of(refused), "bad_code") << refused.dump();
    EXPECT_EQ(code_of(admin->request("mfa.totp.confirm", {{"code", "12345"}})), "bad_request");
    EXPECT_EQ(code_of(admin->request("mfa.totp.confirm", {{"code", 123456}})), "bad_request");

    auto confirmed = admin->request("mfa.totp.confirm", {{"code", right}});
    ASSERT_EQ(confirmed["ok"], true) << confirmed.dump();
    ASSERT_EQ(confirmed["recovery_codes"].size(), 10u);
    std::set<std::string> distinct(confirmed["recovery_codes"].begin(), confirmed["recovery_codes"].end());
    EXPECT_EQ(distinct.size(), 10u);

    auto status = admin->request("mfa.status");
    ASSERT_EQ(status["ok"], true);
    EXPECT_EQ(status["totp"], true);
    EXPECT_EQ(status["recovery_codes_left"], 10);
    EXPECT_EQ(status["passkeys"], json::array());
    EXPECT_EQ(status["required"], false);
    EXPECT_EQ(status.dump().find(secret), std::string::npos) << "the secret is never shown again";
    for (const auto& code : confirmed["recovery_codes"])
        EXPECT_EQ(status.dump().find(code.get<std::string>()), std::string::npos);

    // A second authenticator is refused while this one exists; no new codes either.
    EXPECT_EQ(code_of(admin->request("mfa.totp.begin")), "conflict");
    EXPECT_EQ(code_of(admin->request("mfa.totp.confirm", {{"code", app.next()}})), "conflict");

    // Every step is in the audit log, without a code.
    auto audit = admin->request("audit.list");
    ASSERT_EQ(audit["ok"], true);
    std::vector<std::string> actions;
    for (const auto& entry : audit["entries"]) actions.push_back(entry["action"]);
    EXPECT_NE(std::find(actions.begin(), actions.end(), "second_factor.added"), actions.end());
    EXPECT_NE(std::find(actions.begin(), actions.end(), "second_factor.failed"), actions.end());
    EXPECT_EQ(audit.dump().find(right), std::string::npos);
    EXPECT_EQ(audit.dump().find(secret), std::string::npos);
}

TEST_F(SecondFactorTest, AReplayedCodeIsRefusedAndTheNextOneRemovesTheAuthenticator) {
    auto [app, codes] = enrol(*admin);
    auto replay = admin->request("mfa.totp.remove", {{"code", app.last()}});
    EXPECT_EQ(code_of(replay), "bad_code") << replay.dump();
    EXPECT_EQ(admin->request("mfa.status")["totp"], true);

    auto removed = admin->request("mfa.totp.remove", {{"code", app.next()}});
    ASSERT_EQ(removed["ok"], true) << removed.dump();
    auto status = admin->request("mfa.status");
    EXPECT_EQ(status["totp"], false);
    EXPECT_EQ(status["recovery_codes_left"], 0);
}

TEST_F(SecondFactorTest, LoginWithAFactorTakesASecondStep) {
    auto [member, member_cookie] = make_user(*admin, "lid@gemeente.example");
    WsClient client(server.port(), ws_options(member_cookie));
    auto [app, codes] = enrol(client);

    // Without a factor's code: no cookie, a token and the methods.
    auto first = login("lid@gemeente.example", member_password);
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.login_cookie(), "");
    EXPECT_FALSE(first.json().contains("user"));
    auto step = first.json()["second_factor"];
    EXPECT_EQ(step["methods"], (json{"totp", "recovery"}));
    std::string token = step["token"];

    auto wrong = second_step({{"token", token}, {"code", app.last()}});  // used at enrolment
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(code_of(wrong.json()), "bad_code");
    EXPECT_EQ(wrong.login_cookie(), "");

    auto done = second_step({{"token", token}, {"code", app.next()}});
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_EQ(done.json()["user"]["id"], member["id"]);
    ASSERT_NE(done.login_cookie(), "");
    EXPECT_EQ(me(done.login_cookie()).status, 200);

    // The token was used: refused with its own code, the right code too.
    auto again = second_step({{"token", token}, {"code", app.next()}});
    EXPECT_EQ(again.status, 401);
    EXPECT_EQ(code_of(again.json()), "second_factor_expired");
    auto unknown = second_step({{"token", "onbekend-token"}, {"code", "123456"}});
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(code_of(unknown.json()), "second_factor_expired");
    EXPECT_EQ(second_step({{"token", token}}).status, 400);

    // From another origin: refused like every state-changing request.
    auto cross = https(server.port(), "POST", "/api/login/second-factor",
                       json{{"token", token}, {"code", "123456"}}.dump(), {"https://elders.example"});
    EXPECT_EQ(cross.status, 403);
}

TEST_F(SecondFactorTest, ARecoveryCodeWorksOnce) {
    auto [member, member_cookie] = make_user(*admin, "lid@gemeente.example");
    WsClient client(server.port(), ws_options(member_cookie));
    auto [app, codes] = enrol(client);
    auto code = codes[3].get<std::string>();

    auto typed = code;  // typed in capitals without dashes: still the code
    typed.erase(std::remove(typed.begin(), typed.end(), '-'), typed.end());
    for (auto& c : typed) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto done =
        second_step({{"token", token_of_login("lid@gemeente.example", member_password)}, {"recovery_code", typed}});
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_NE(done.login_cookie(), "");

    auto twice =
        second_step({{"token", token_of_login("lid@gemeente.example", member_password)}, {"recovery_code", code}});
    EXPECT_EQ(twice.status, 401);
    EXPECT_EQ(code_of(twice.json()), "bad_code");
    EXPECT_EQ(twice.login_cookie(), "");
    EXPECT_EQ(client.request("mfa.status")["recovery_codes_left"], 9);

    // Renewing with an authenticator code: ten fresh ones, the old ones stop working.
    EXPECT_EQ(code_of(client.request("mfa.recovery.renew", {{"code", app.last()}})), "bad_code");
    auto renewed = client.request("mfa.recovery.renew", {{"code", app.next()}});
    ASSERT_EQ(renewed["ok"], true) << renewed.dump();
    EXPECT_EQ(renewed["recovery_codes"].size(), 10u);
    auto old =
        second_step({{"token", token_of_login("lid@gemeente.example", member_password)}, {"recovery_code", codes[4]}});
    EXPECT_EQ(old.status, 401);
    auto fresh = second_step({{"token", token_of_login("lid@gemeente.example", member_password)},
                              {"recovery_code", renewed["recovery_codes"][0]}});
    EXPECT_EQ(fresh.status, 200) << fresh.body;
}

TEST_F(SecondFactorTest, FiveWrongCodesSpendTheToken) {
    auto [member, member_cookie] = make_user(*admin, "lid@gemeente.example");
    WsClient client(server.port(), ws_options(member_cookie));
    auto [app, codes] = enrol(client);
    auto token = token_of_login("lid@gemeente.example", member_password);
    auto right = app.next();
    auto wrong = right == "000000" ? "111111" : "000000";
    for (int i = 0; i < 5; ++i) {
        auto refused = second_step({{"token", token}, {"code", wrong}});
        EXPECT_EQ(refused.status, 401) << i << refused.body;
    }
    auto limited = second_step({{"token", token}, {"code", right}});
    EXPECT_EQ(limited.status, 429) << limited.body;
    EXPECT_GE(std::stoi(limited.header("retry-after")), 1);
    EXPECT_EQ(limited.login_cookie(), "");
    // The account took five wrong codes: a fresh token is limited too, and so is a verb.
    auto fresh = second_step({{"token", token_of_login("lid@gemeente.example", member_password)}, {"code", right}});
    EXPECT_EQ(fresh.status, 429);
    EXPECT_EQ(code_of(client.request("mfa.recovery.renew", {{"code", right}})), "rate_limited");
}

class SecondStepExpiryTest : public ClockHolder, public SecondFactorTest {
protected:
    SecondStepExpiryTest() : SecondFactorTest(&clock) {}
};

TEST_F(SecondStepExpiryTest, ATokenExpiresAfterFiveMinutes) {
    auto [member, member_cookie] = make_user(*admin, "lid@gemeente.example");
    WsClient client(server.port(), ws_options(member_cookie));
    auto [app, codes] = enrol(client, &clock);
    auto kept = token_of_login("lid@gemeente.example", member_password);
    auto expiring = token_of_login("lid@gemeente.example", member_password);
    clock.advance(std::chrono::seconds(299));
    auto in_time = second_step({{"token", kept}, {"code", app.next()}});
    EXPECT_EQ(in_time.status, 200) << in_time.body;
    clock.advance(std::chrono::seconds(2));
    auto late = second_step({{"token", expiring}, {"code", app.next()}});
    EXPECT_EQ(late.status, 401);
    EXPECT_EQ(code_of(late.json()), "second_factor_expired");
}

TEST_F(SecondFactorTest, OnlyAnAdministratorSetsThePolicy) {
    auto [member, member_cookie] = make_user(*admin, "lid@gemeente.example");
    WsClient client(server.port(), ws_options(member_cookie));
    EXPECT_EQ(code_of(client.request("mfa.policy.set", {{"require", "everyone"}})), "forbidden");
    EXPECT_EQ(code_of(client.request("mfa.policy.get")), "forbidden");
    EXPECT_EQ(code_of(admin->request("mfa.policy.set", {{"require", "iedereen"}})), "bad_request");
    EXPECT_EQ(admin->request("mfa.policy.get")["require"], "none");
    auto set = admin->request("mfa.policy.set", {{"require", "staff_and_moderators"}});
    ASSERT_EQ(set["ok"], true) << set.dump();
    EXPECT_EQ(set["require"], "staff_and_moderators");
}

TEST_F(SecondFactorTest, UnderPolicyEveryoneAUserWithoutAFactorOnlySetsOneUp) {
    auto [admin_app, admin_codes] = enrol(*admin);
    auto [member, member_cookie] = make_user(*admin, "lid@gemeente.example");
    WsClient client(server.port(), ws_options(member_cookie));
    EXPECT_EQ(client.request("session.list")["ok"], true);
    EXPECT_FALSE(me(member_cookie).json().contains("second_factor_setup_required"));
    ASSERT_EQ(admin->request("mfa.policy.set", {{"require", "everyone"}})["ok"], true);

    auto gated = client.request("session.list");
    EXPECT_EQ(code_of(gated), "second_factor_required");
    EXPECT_EQ(gated["error"]["message"], "Stel eerst een tweede factor in op de pagina Beveiliging.");
    auto export_route = https(server.port(), "GET", "/api/sessions/1/export?format=md", "", same_origin(member_cookie));
    EXPECT_EQ(export_route.status, 403);
    EXPECT_EQ(code_of(export_route.json()), "second_factor_required");
    auto me_answer = me(member_cookie);
    ASSERT_EQ(me_answer.status, 200);
    EXPECT_EQ(me_answer.json()["second_factor_setup_required"], true);
    EXPECT_EQ(client.request("hello")["ok"], true);
    auto status = client.request("mfa.status");
    EXPECT_EQ(status["ok"], true);
    EXPECT_EQ(status["required"], true);
    EXPECT_EQ(admin->request("session.list")["ok"], true);  // the administrator has a factor

    enrol(client);
    EXPECT_EQ(client.request("session.list")["ok"], true);
    EXPECT_FALSE(me(member_cookie).json().contains("second_factor_setup_required"));
    auto after = https(server.port(), "GET", "/api/sessions/1/export?format=md", "", same_origin(member_cookie));
    EXPECT_EQ(after.body.find("second_factor_required"), std::string::npos) << after.body;
}

TEST_F(SecondFactorTest, UnderStaffAndModeratorsStaffAndModeratorsAreGatedAndMembersAreNot) {
    auto [admin_app, admin_codes] = enrol(*admin);
    auto [staff, staff_cookie] = make_user(*admin, "staf@ess.example", "staff");
    auto [member, member_cookie] = make_user(*admin, "lid@gemeente.example");
    auto created = admin->request("session.create", {{"title", "Kennislab"}});
    ASSERT_EQ(created["ok"], true);
    std::string session = created["session"]["id"];
    ASSERT_EQ(
        admin->request("member.add", {{"session", session}, {"user", member["id"]}, {"role", "participant"}})["ok"],
        true);
    ASSERT_EQ(admin->request("mfa.policy.set", {{"require", "staff_and_moderators"}})["ok"], true);

    WsClient staff_client(server.port(), ws_options(staff_cookie));
    WsClient member_client(server.port(), ws_options(member_cookie));
    EXPECT_EQ(code_of(staff_client.request("session.list")), "second_factor_required");
    EXPECT_EQ(member_client.request("session.list")["ok"], true);
    EXPECT_EQ(member_client.request("mfa.status")["required"], false);

    // A member who becomes moderator is gated; back to participant, no longer.
    auto promoted =
        admin->request("member.set_role", {{"session", session}, {"user", member["id"]}, {"role", "moderator"}});
    ASSERT_EQ(promoted["ok"], true) << promoted.dump();
    EXPECT_EQ(code_of(member_client.request("session.list")), "second_factor_required");
    EXPECT_EQ(me(member_cookie).json()["second_factor_setup_required"], true);
    ASSERT_EQ(admin->request("member.set_role",
                             {{"session", session}, {"user", member["id"]}, {"role", "participant"}})["ok"],
              true);
    EXPECT_EQ(member_client.request("session.list")["ok"], true);

    // The last factor stays while the policy covers the account; a plain member may remove theirs.
    auto [staff_app, staff_codes] = enrol(staff_client);
    EXPECT_EQ(staff_client.request("session.list")["ok"], true);
    auto kept = staff_client.request("mfa.totp.remove", {{"code", staff_app.next()}});
    EXPECT_EQ(code_of(kept), "forbidden") << kept.dump();
    EXPECT_EQ(staff_client.request("mfa.status")["totp"], true);
    auto [member_app, member_codes] = enrol(member_client);
    auto removed = member_client.request("mfa.totp.remove", {{"code", member_app.next()}});
    EXPECT_EQ(removed["ok"], true) << removed.dump();
}

TEST_F(SecondFactorTest, AnAdministratorResetsTheFactorsAndEndsTheLogins) {
    auto [member, member_cookie] = make_user(*admin, "lid@gemeente.example");
    auto [other, other_cookie] = make_user(*admin, "ander@gemeente.example");
    auto client = std::make_unique<WsClient>(server.port(), ws_options(member_cookie));
    auto [app, codes] = enrol(*client);

    auto found = admin->request("user.find", {{"q", "lid@"}});
    ASSERT_EQ(found["ok"], true);
    ASSERT_EQ(found["users"].size(), 1u);
    EXPECT_EQ(found["users"][0]["second_factor"], true);

    WsClient other_client(server.port(), ws_options(other_cookie));
    EXPECT_EQ(code_of(other_client.request("user.reset_second_factor", {{"user", member["id"]}})), "forbidden");
    EXPECT_EQ(client->request("mfa.status")["totp"], true);

    auto reset = admin->request("user.reset_second_factor", {{"user", member["id"]}});
    ASSERT_EQ(reset["ok"], true) << reset.dump();
    EXPECT_EQ(reset["user"]["second_factor"], false);
    EXPECT_NE(client->wait_for_close(), 0);
    EXPECT_EQ(me(member_cookie).status, 401);

    // Signing in again takes the password only, and there is no factor left.
    auto again = login("lid@gemeente.example", member_password);
    ASSERT_EQ(again.status, 200) << again.body;
    ASSERT_NE(again.login_cookie(), "");
    WsClient back(server.port(), ws_options(again.login_cookie()));
    auto status = back.request("mfa.status");
    EXPECT_EQ(status["totp"], false);
    EXPECT_EQ(status["recovery_codes_left"], 0);
    EXPECT_EQ(code_of(admin->request("user.reset_second_factor", {{"user", "999999"}})), "not_found");
}

}  // namespace
