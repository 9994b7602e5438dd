// Passkeys against the real server over TLS: registering one through mfa.passkey.*,
// signing in with it as the second step of a password login and without a password,
// and removing it. The authenticator is the software one of the WebAuthn unit tests
// (real keys, real signatures), told the server's origin; the browser's own is tested
// in tests/e2e/mfa.test.mjs. Next to each allowed ceremony, the refused ones.
#include "support/fixture.hpp"
#include "unit/server/webauthn/test_authenticator.hpp"

#include "server/app/core/crypto.hpp"

#include <memory>
#include <set>

using namespace kl::test;
using namespace kl::test::webauthn;
using nlohmann::json;

namespace {

std::string raw(const json& base64url) { return *kl::app::base64url_decode(base64url.get<std::string>()); }

class PasskeyTest : public ServerTest {
protected:
    std::string admin_cookie;
    std::unique_ptr<WsClient> admin;

    void SetUp() override {
        admin_cookie = setup_admin();
        admin = std::make_unique<WsClient>(server.port(), ws_options(admin_cookie));
    }

    // A ceremony of this server's relying party for the challenge in options.
    Ceremony ceremony(const json& options) const {
        Ceremony c;
        c.challenge = raw(options["challenge"]);
        c.origin = server.origin();
        c.rp_id = "localhost";
        return c;
    }

    // Registers key as a passkey called name over client; returns the answer.
    json add_passkey(WsClient& client, const TestAuthenticator& key, const std::string& name = "Laptop werk",
                     std::uint32_t sign_count = 0) {
        auto begun = client.request("mfa.passkey.begin", {{"name", name}});
        EXPECT_EQ(begun["ok"], true) << begun.dump();
        auto c = ceremony(begun["options"]);
        c.sign_count = sign_count;
        return client.request("mfa.passkey.finish", {{"credential", registration_json(key.make_credential(c))}});
    }

    HttpResult post(const std::string& path, const json& body) {
        return https(server.port(), "POST", path, body.dump(), same_origin());
    }
    json options_for(const json& body) {
        auto result = post("/api/passkey/options", body);
        EXPECT_EQ(result.status, 200) << result.body;
        return result.json()["options"];
    }
    std::string token_of_login(const std::string& email) {
        auto result = login(email, member_password);
        EXPECT_EQ(result.status, 200) << result.body;
        return result.json()["second_factor"]["token"];
    }
    // The assertion as the browser would send it, with the user handle it keeps.
    static json assertion(const TestAuthenticator& key, Ceremony c, std::optional<std::string> user_handle = {}) {
        auto response = key.get_assertion(c);
        response.user_handle = std::move(user_handle);
        return assertion_json(response);
    }
    HttpResult me(const std::string& cookie) { return https(server.port(), "GET", "/api/me", "", same_origin(cookie)); }
    static std::string code_of(const json& answer) { return answer["error"]["code"]; }
};

TEST_F(PasskeyTest, APasskeyIsAddedAndSignsInAfterThePassword) {
    auto [member, cookie] = make_user(*admin, "lid@gemeente.example");
    WsClient client(server.port(), ws_options(cookie));
    TestAuthenticator key(Algorithm::es256);

    auto begun = client.request("mfa.passkey.begin", {{"name", "Laptop werk"}});
    ASSERT_EQ(begun["ok"], true) << begun.dump();
    const auto& options = begun["options"];
    EXPECT_EQ(options["rp"]["id"], "localhost");
    EXPECT_EQ(options["rp"]["name"], "Kennislab");
    EXPECT_EQ(options["user"]["name"], "lid@gemeente.example");
    EXPECT_EQ(raw(options["challenge"]).size(), 32u);
    EXPECT_EQ(raw(options["user"]["id"]).size(), 32u);
    EXPECT_EQ(options["excludeCredentials"], json::array());

    auto added = client.request("mfa.passkey.finish",
                                {{"credential", registration_json(key.make_credential(ceremony(options)))}});
    ASSERT_EQ(added["ok"], true) << added.dump();
    EXPECT_EQ(added["passkey"]["name"], "Laptop werk");
    EXPECT_TRUE(added["passkey"]["last_used_at"].is_null());
    EXPECT_EQ(added["recovery_codes"].size(), 10u);  // the first factor brings them
    EXPECT_FALSE(added["passkey"].contains("credential_id"));

    // The same user handle each time, and the passkey excluded from a second registration.
    auto again = client.request("mfa.passkey.begin", {{"name", "Telefoon"}});
    EXPECT_EQ(again["options"]["user"]["id"], options["user"]["id"]);
    ASSERT_EQ(again["options"]["excludeCredentials"].size(), 1u);
    EXPECT_EQ(raw(again["options"]["excludeCredentials"][0]["id"]), key.credential_id());

    auto status = client.request("mfa.status");
    ASSERT_EQ(status["passkeys"].size(), 1u);
    EXPECT_EQ(status["totp"], false);
    EXPECT_EQ(status["recovery_codes_left"], 10);

    // The password is not enough any more: the second step offers the passkey.
    auto first = login("lid@gemeente.example", member_password);
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.login_cookie(), "");
    EXPECT_EQ(first.json()["second_factor"]["methods"], (json{"passkey", "recovery"}));
    std::string token = first.json()["second_factor"]["token"];

    auto request = options_for({{"token", token}});
    ASSERT_EQ(request["allowCredentials"].size(), 1u);
    EXPECT_EQ(raw(request["allowCredentials"][0]["id"]), key.credential_id());
    EXPECT_EQ(request["rpId"], "localhost");
    // After a password, presence is enough: no user verification asked.
    auto c = ceremony(request);
    c.flags = flag_up;
    auto done = post("/api/passkey/login", {{"token", token}, {"credential", assertion(key, c)}});
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_EQ(done.json()["user"]["id"], member["id"]);
    ASSERT_NE(done.login_cookie(), "");
    EXPECT_EQ(me(done.login_cookie()).status, 200);
    EXPECT_FALSE(client.request("mfa.status")["passkeys"][0]["last_used_at"].is_null());

    // The token and the challenge were used: the same request again is refused.
    auto replay = post("/api/passkey/login", {{"token", token}, {"credential", assertion(key, c)}});
    EXPECT_EQ(replay.status, 401);
    EXPECT_EQ(code_of(replay.json()), "second_factor_expired");
    EXPECT_EQ(replay.login_cookie(), "");
}

TEST_F(PasskeyTest, APasskeySignsInWithoutAPasswordOnlyWithItsUserHandleAndVerification) {
    auto [member, cookie] = make_user(*admin, "lid@gemeente.example");
    WsClient client(server.port(), ws_options(cookie));
    TestAuthenticator key(Algorithm::eddsa);
    ASSERT_EQ(add_passkey(client, key)["ok"], true);
    auto handle = raw(client.request("mfa.passkey.begin", {{"name", "x"}})["options"]["user"]["id"]);

    auto options = options_for(json::object());
    EXPECT_EQ(options["allowCredentials"], json::array());  // discoverable: the authenticator picks

    // Without user verification: refused, since no password came first.
    auto c = ceremony(options);
    c.flags = flag_up;
    auto unverified = post("/api/passkey/login", {{"credential", assertion(key, c, handle)}});
    EXPECT_EQ(unverified.status, 401);
    EXPECT_EQ(unverified.login_cookie(), "");

    // Without the user handle, or with another one: refused.
    auto no_handle = post("/api/passkey/login", {{"credential", assertion(key, ceremony(options_for(json::object())))}});
    EXPECT_EQ(no_handle.status, 401);
    auto other = post("/api/passkey/login",
                      {{"credential", assertion(key, ceremony(options_for(json::object())), std::string(32, 'x'))}});
    EXPECT_EQ(other.status, 401);

    auto done = post("/api/passkey/login", {{"credential", assertion(key, ceremony(options_for(json::object())), handle)}});
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_EQ(done.json()["user"]["id"], member["id"]);
    EXPECT_EQ(me(done.login_cookie()).status, 200);

    // Every attempt is in the audit log, the refusals with the step that refused them.
    auto audit = admin->request("audit.list", {{"limit", 100}});
    int failed = 0, logins = 0;
    for (const auto& entry : audit["entries"]) {
        if (entry["action"] == "second_factor.failed") ++failed;
        if (entry["action"] == "login" && entry["detail"].value("method", "") == "passkey") ++logins;
    }
    EXPECT_EQ(failed, 3) << audit.dump();
    EXPECT_EQ(logins, 1);
}

TEST_F(PasskeyTest, AnAssertionIsRefusedForEveryStepThatFails) {
    auto [member, cookie] = make_user(*admin, "lid@gemeente.example");
    auto [other, other_cookie] = make_user(*admin, "ander@gemeente.example");
    WsClient client(server.port(), ws_options(cookie));
    WsClient other_client(server.port(), ws_options(other_cookie));
    TestAuthenticator key(Algorithm::es256);
    TestAuthenticator others_key(Algorithm::rs256);
    TestAuthenticator stranger(Algorithm::es256);
    ASSERT_EQ(add_passkey(client, key, "Laptop werk", 5)["ok"], true);
    ASSERT_EQ(add_passkey(other_client, others_key)["ok"], true);

    auto refused = [&](const std::function<json(const json& options)>& credential) {
        auto token = token_of_login("lid@gemeente.example");
        auto result = post("/api/passkey/login", {{"token", token}, {"credential", credential(options_for({{"token", token}}))}});
        return result.status == 401 && result.login_cookie().empty();
    };
    auto with = [&](const TestAuthenticator& k, const std::function<void(Ceremony&)>& bend) {
        return [&, bend](const json& options) {
            auto c = ceremony(options);
            c.sign_count = 6;
            bend(c);
            return assertion(k, c);
        };
    };
    EXPECT_TRUE(refused(with(others_key, [](Ceremony&) {})));  // another account's passkey
    EXPECT_TRUE(refused(with(stranger, [](Ceremony&) {})));    // a passkey nobody added
    EXPECT_TRUE(refused(with(key, [](Ceremony& c) { c.origin = "https://elders.example"; })));
    EXPECT_TRUE(refused(with(key, [](Ceremony& c) { c.rp_id = "elders.example"; })));
    EXPECT_TRUE(refused(with(key, [](Ceremony& c) { c.type = "webauthn.create"; })));
    EXPECT_TRUE(refused(with(key, [](Ceremony& c) { c.flags = 0; })));  // nobody touched it
    EXPECT_TRUE(refused(with(key, [](Ceremony& c) { c.challenge = std::string(32, '\x07'); })));  // never issued
    EXPECT_TRUE(refused(with(key, [](Ceremony& c) { c.sign_count = 5; })));  // the counter went back
    EXPECT_TRUE(refused([&](const json& options) {  // a signature that does not verify
        auto c = ceremony(options);
        c.sign_count = 6;
        auto response = key.get_assertion(c);
        response.signature.back() ^= 0x01;
        return assertion_json(response);
    }));
    // A challenge for a passwordless sign-in does not finish a second step.
    EXPECT_TRUE(refused([&](const json&) { return assertion(key, ceremony(options_for(json::object()))); }));

    // Each refusal is in the audit log with the step that refused it.
    std::multiset<std::string> refusals;
    auto audit = admin->request("audit.list", {{"limit", 100}});
    for (const auto& entry : audit["entries"])
        if (entry["action"] == "second_factor.failed") refusals.insert(entry["detail"].value("refusal", ""));
    EXPECT_EQ(refusals, (std::multiset<std::string>{"other_account", "unknown_credential", "origin_mismatch",
                                                   "rp_id_mismatch", "wrong_type", "user_not_present",
                                                   "unknown_challenge", "counter_regressed", "bad_signature",
                                                   "unknown_challenge"}))
        << audit.dump().substr(0, 3000);

    // And the good one, after all of that.
    auto token = token_of_login("lid@gemeente.example");
    auto c = ceremony(options_for({{"token", token}}));
    c.sign_count = 6;
    auto done = post("/api/passkey/login", {{"token", token}, {"credential", assertion(key, c)}});
    EXPECT_EQ(done.status, 200) << done.body;

    // Five refused assertions spend a token, like five wrong codes.
    auto spent = token_of_login("lid@gemeente.example");
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(post("/api/passkey/login", {{"token", spent}, {"credential", assertion(stranger, ceremony(options_for({{"token", spent}})))}}).status, 401);
    EXPECT_EQ(post("/api/passkey/options", {{"token", spent}}).status, 401);
    // An unknown token gets no options.
    auto unknown = post("/api/passkey/options", {{"token", "onbekend"}});
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(code_of(unknown.json()), "second_factor_expired");
}

TEST_F(PasskeyTest, ARegistrationIsRefusedWhenItIsNotTheCallersOwnValidCeremony) {
    auto [member, cookie] = make_user(*admin, "lid@gemeente.example");
    auto [other, other_cookie] = make_user(*admin, "ander@gemeente.example");
    WsClient client(server.port(), ws_options(cookie));
    WsClient other_client(server.port(), ws_options(other_cookie));
    TestAuthenticator key(Algorithm::es256);

    EXPECT_EQ(code_of(client.request("mfa.passkey.begin", {{"name", "   "}})), "bad_request");
    EXPECT_EQ(code_of(client.request("mfa.passkey.begin", {{"name", std::string(101, 'a')}})), "bad_request");
    EXPECT_EQ(code_of(client.request("mfa.passkey.finish", {{"credential", {{"id", "x"}}}})), "bad_request");

    // A challenge issued to someone else does not register a passkey for the caller.
    auto theirs = other_client.request("mfa.passkey.begin", {{"name", "Van een ander"}});
    auto stolen = client.request("mfa.passkey.finish",
                                 {{"credential", registration_json(key.make_credential(ceremony(theirs["options"])))}});
    EXPECT_EQ(code_of(stolen), "bad_request");
    // Nor does a response for another origin (its challenge is used up by trying).
    auto begun = client.request("mfa.passkey.begin", {{"name", "Laptop werk"}});
    auto c = ceremony(begun["options"]);
    c.origin = "https://elders.example";
    auto wrong_origin = client.request("mfa.passkey.finish", {{"credential", registration_json(key.make_credential(c))}});
    EXPECT_EQ(code_of(wrong_origin), "bad_request");
    c.origin = server.origin();
    auto used_challenge = client.request("mfa.passkey.finish", {{"credential", registration_json(key.make_credential(c))}});
    EXPECT_EQ(code_of(used_challenge), "bad_request");
    EXPECT_EQ(client.request("mfa.status")["passkeys"].size(), 0u);

    ASSERT_EQ(add_passkey(client, key)["ok"], true);
    // The same credential once more, for this account or another: refused.
    EXPECT_EQ(code_of(add_passkey(client, key)), "conflict");
    EXPECT_EQ(code_of(add_passkey(other_client, key)), "conflict");
    EXPECT_EQ(other_client.request("mfa.status")["passkeys"].size(), 0u);

    // At most ten per account.
    std::vector<std::unique_ptr<TestAuthenticator>> keys;
    for (int i = 0; i < 9; ++i) {
        keys.push_back(std::make_unique<TestAuthenticator>(Algorithm::es256));
        ASSERT_EQ(add_passkey(client, *keys.back(), "Sleutel " + std::to_string(i))["ok"], true);
    }
    EXPECT_EQ(code_of(client.request("mfa.passkey.begin", {{"name", "Elfde"}})), "too_large");
    EXPECT_EQ(client.request("mfa.status")["passkeys"].size(), 10u);
}

TEST_F(PasskeyTest, OnlyItsOwnerRemovesAPasskeyAndNeverTheLastFactorThePolicyRequires) {
    auto [member, cookie] = make_user(*admin, "lid@gemeente.example");
    auto [other, other_cookie] = make_user(*admin, "ander@gemeente.example");
    WsClient client(server.port(), ws_options(cookie));
    WsClient other_client(server.port(), ws_options(other_cookie));
    TestAuthenticator laptop(Algorithm::es256), phone(Algorithm::eddsa);
    std::string laptop_id = add_passkey(client, laptop)["passkey"]["id"];
    std::string phone_id = add_passkey(client, phone, "Telefoon")["passkey"]["id"];

    EXPECT_EQ(code_of(other_client.request("mfa.passkey.remove", {{"passkey", laptop_id}})), "not_found");
    EXPECT_EQ(code_of(client.request("mfa.passkey.remove", {{"passkey", "999999"}})), "not_found");

    TestAuthenticator admin_key(Algorithm::es256);  // the policy covers the administrator too
    ASSERT_EQ(add_passkey(*admin, admin_key)["ok"], true);
    ASSERT_EQ(admin->request("mfa.policy.set", {{"require", "everyone"}})["ok"], true);
    ASSERT_EQ(client.request("mfa.passkey.remove", {{"passkey", laptop_id}})["ok"], true);
    EXPECT_EQ(code_of(client.request("mfa.passkey.remove", {{"passkey", phone_id}})), "forbidden");
    EXPECT_EQ(client.request("mfa.status")["passkeys"].size(), 1u);
    EXPECT_EQ(client.request("session.list")["ok"], true);  // still has a factor: not gated

    ASSERT_EQ(admin->request("mfa.policy.set", {{"require", "none"}})["ok"], true);
    ASSERT_EQ(client.request("mfa.passkey.remove", {{"passkey", phone_id}})["ok"], true);
    auto status = client.request("mfa.status");
    EXPECT_EQ(status["passkeys"].size(), 0u);
    EXPECT_EQ(status["recovery_codes_left"], 0);  // they exist only beside a factor
    // Without a factor the password alone signs in again.
    EXPECT_NE(login("lid@gemeente.example", member_password).login_cookie(), "");
}

TEST_F(PasskeyTest, SignInOptionsAreLimitedPerAddress) {
    int answered = 0;
    HttpResult last;
    for (int i = 0; i < 31; ++i) {
        last = post("/api/passkey/options", json::object());
        if (last.status == 200) ++answered;
    }
    EXPECT_EQ(answered, 30);
    EXPECT_EQ(last.status, 429);
    EXPECT_NE(last.header("retry-after"), "");
}

}  // namespace
