// Failed-login limits against the real server: counted before Argon2 runs, so a
// concurrent flood gets at most the limit through; keyed on the client address, which
// behind a --trusted-proxy is the one it forwarded (and only then); and a lock that
// ends when its window does, saying the real remaining wait.
#include "support/fixture.hpp"

#include <atomic>
#include <thread>
#include <vector>

using namespace kl::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr const char* attacker = "203.0.113.7";
constexpr const char* office = "198.51.100.2";

json credentials(const std::string& email, const std::string& password) {
    return {{"email", email}, {"password", password}};
}

// Statuses of `count` wrong-password logins sent at once over `threads` connections at a
// time; send(i) makes the i-th request.
std::map<int, int> flood(int count, int threads, const std::function<HttpResult(int)>& send) {
    std::mutex mutex;
    std::map<int, int> statuses;
    std::atomic<int> next{0};
    std::vector<std::thread> senders;
    for (int t = 0; t < threads; ++t)
        senders.emplace_back([&] {
            for (int i = next++; i < count; i = next++) {
                auto status = send(i).status;
                std::lock_guard lock(mutex);
                ++statuses[status];
            }
        });
    for (auto& sender : senders) sender.join();
    return statuses;
}

void expect_rate_limited(const HttpResult& result, int retry_after) {
    EXPECT_EQ(result.status, 429) << result.body;
    EXPECT_EQ(result.header("retry-after"), std::to_string(retry_after));
    auto error = result.json()["error"];
    EXPECT_EQ(error["code"], "rate_limited");
    EXPECT_EQ(error["retry_after"], retry_after);
    EXPECT_FALSE(error["message"].get<std::string>().empty());
}

int audited(WsClient& admin, const std::string& action, const std::string& address = "") {
    auto listed = admin.request("audit.list", {{"limit", 200}});
    EXPECT_EQ(listed["ok"], true) << listed.dump();
    int count = 0;
    for (const auto& entry : listed["entries"])
        if (entry["action"] == action && (address.empty() || entry["address"] == address)) ++count;
    return count;
}

// --- over TLS, every request from 127.0.0.1 -------------------------------------------

TEST_F(ServerTest, AConcurrentFloodOfWrongPasswordsGetsOnlyTheLimitThroughToArgon2) {
    auto admin_cookie = setup_admin();
    WsClient admin(server.port(), ws_options(admin_cookie));
    auto [member, member_cookie] = make_user(admin, "lid@gemeente.example");

    constexpr int attempts = 200;
    auto statuses = flood(attempts, 16, [&](int) { return login("lid@gemeente.example", "niet-het-wachtwoord"); });
    // Five per account and address reach the password check; every other attempt is
    // refused before it, and nothing else happens to any of them.
    EXPECT_GE(statuses[401], 1);
    EXPECT_LE(statuses[401], 5);
    EXPECT_EQ(statuses[401] + statuses[429], attempts);
    EXPECT_EQ(audited(admin, "login_failed"), statuses[401]);  // one entry per checked password

    // The refusal says how long: the whole window, as the clock has hardly moved.
    auto refused = login("lid@gemeente.example", member_password);
    EXPECT_EQ(refused.status, 429);
    EXPECT_GE(std::stoi(refused.header("retry-after")), 890);
    EXPECT_LE(std::stoi(refused.header("retry-after")), 900);
    // Another account from the same address is not locked by it.
    EXPECT_EQ(login("beheer@ess.example", admin_password).status, 200);
}

// --- behind a proxy (--insecure-http, the proxy terminates TLS) -----------------------

class ProxiedLoginTest : public ::testing::Test {
protected:
    explicit ProxiedLoginTest(std::vector<std::string> trusted = {"127.0.0.1"})
        : server(nullptr, [trusted](kl::app::ServerConfig& c) {
              c.insecure_http = true;
              c.trusted_proxies = trusted;
          }) {}

    void SetUp() override {
        json body = {{"token", server.setup_token()}, {"email", "beheer@ess.example"}, {"display_name", "Bea Beheer"},
                     {"password", admin_password}};
        ASSERT_EQ(plain_http(server.port(), "POST", "/api/setup", body.dump(), {server.origin()}).status, 201);
    }

    // A login as the proxy forwards it for client (no header when client is empty).
    HttpResult login_from(const std::string& client, const std::string& email, const std::string& password) {
        HttpOptions options{server.origin()};
        if (!client.empty()) options.headers.emplace_back("X-Forwarded-For", client);
        return plain_http(server.port(), "POST", "/api/login", credentials(email, password).dump(), options);
    }

    TestServer server;
};

TEST_F(ProxiedLoginTest, AFloodFromOneClientLocksThatClientOutAndNobodyElse) {
    // One client behind the proxy tries many accounts: 20 reach the check, then 429.
    auto statuses = flood(100, 8, [&](int i) {
        return login_from(attacker, "persoon" + std::to_string(i) + "@gemeente.example", "niet-het-wachtwoord");
    });
    EXPECT_LE(statuses[401], 20);
    EXPECT_GE(statuses[401], 1);
    EXPECT_EQ(statuses[401] + statuses[429], 100);
    EXPECT_EQ(login_from(attacker, "beheer@ess.example", admin_password).status, 429);

    // Everyone else behind the same proxy logs in as before.
    auto other = login_from(office, "beheer@ess.example", admin_password);
    EXPECT_EQ(other.status, 200) << other.body;
    EXPECT_FALSE(other.login_cookie().empty());
    // The client is the right-most address the proxy did not add itself: what the
    // attacker writes left of its own address changes nothing.
    EXPECT_EQ(login_from(std::string(office) + ", " + attacker, "beheer@ess.example", admin_password).status, 429);
}

TEST_F(ProxiedLoginTest, GuessingAtOneAccountLocksTheGuesserNotTheOwner) {
    for (int i = 0; i < 5; ++i) EXPECT_EQ(login_from(attacker, "beheer@ess.example", "niet-het-wachtwoord").status, 401);
    EXPECT_EQ(login_from(attacker, "beheer@ess.example", admin_password).status, 429);
    EXPECT_EQ(login_from(office, "beheer@ess.example", admin_password).status, 200);
}

TEST_F(ProxiedLoginTest, AProxyLineAddedAfterTheClientsOwnIsTheOneThatCounts) {
    // The client sends its own X-Forwarded-For; a proxy that adds a second line instead
    // of appending to the first must not let the client's line decide.
    for (int i = 0; i < 5; ++i) {
        HttpOptions options{server.origin()};
        options.headers = {{"X-Forwarded-For", "192.0.2." + std::to_string(i)}, {"X-Forwarded-For", attacker}};
        EXPECT_EQ(plain_http(server.port(), "POST", "/api/login",
                             credentials("beheer@ess.example", "niet-het-wachtwoord").dump(), options)
                      .status,
                  401);
    }
    EXPECT_EQ(login_from(attacker, "beheer@ess.example", admin_password).status, 429);
}

class UntrustedPeerLoginTest : public ProxiedLoginTest {
protected:
    UntrustedPeerLoginTest() : ProxiedLoginTest({"192.0.2.254"}) {}  // some other proxy, not us
};

TEST_F(UntrustedPeerLoginTest, XForwardedForFromAPeerThatIsNoTrustedProxyIsIgnored) {
    // Each attempt claims to come from somewhere else; all count for the real peer.
    for (int i = 0; i < 20; ++i)
        EXPECT_EQ(login_from("192.0.2." + std::to_string(i), "persoon" + std::to_string(i) + "@gemeente.example",
                             "niet-het-wachtwoord")
                      .status,
                  401);
    EXPECT_EQ(login_from(office, "beheer@ess.example", admin_password).status, 429);
    EXPECT_EQ(login_from("", "beheer@ess.example", admin_password).status, 429);
}

// --- the lock ends with its window (a clock the test moves) ---------------------------

class LoginLockTest : public ClockHolder, public ServerTest {
protected:
    // Over TLS, with the test client as the trusted proxy, so that a test can be
    // several clients at once.
    LoginLockTest() : ServerTest(&clock, [](kl::app::ServerConfig& c) { c.trusted_proxies = {"127.0.0.1"}; }) {}

    HttpResult login_from(const std::string& client, const std::string& email, const std::string& password) {
        auto options = same_origin();
        options.headers.emplace_back("X-Forwarded-For", client);
        return https(server.port(), "POST", "/api/login", credentials(email, password).dump(), options);
    }
};

TEST_F(LoginLockTest, ALockedOutClientWaitsTheRealRemainingTimeAndNotLonger) {
    auto admin_cookie = setup_admin();
    for (int i = 0; i < 5; ++i) EXPECT_EQ(login_from(attacker, "beheer@ess.example", "niet-het-wachtwoord").status, 401);
    expect_rate_limited(login_from(attacker, "beheer@ess.example", admin_password), 900);
    clock.advance(10min);
    expect_rate_limited(login_from(attacker, "beheer@ess.example", admin_password), 300);
    clock.advance(5min - 1s);
    expect_rate_limited(login_from(attacker, "beheer@ess.example", admin_password), 1);
    clock.advance(1s);
    EXPECT_EQ(login_from(attacker, "beheer@ess.example", admin_password).status, 200);

    // The audit log names the client the proxy forwarded for, not the proxy.
    WsClient admin(server.port(), ws_options(admin_cookie));
    EXPECT_EQ(audited(admin, "login_failed", attacker), 5);
    EXPECT_EQ(audited(admin, "login", attacker), 1);
    EXPECT_EQ(audited(admin, "login_failed", "127.0.0.1"), 0);
}

TEST_F(LoginLockTest, GuessesFromManyClientsLockTheAccountForAMinuteAtMost) {
    setup_admin();
    for (int i = 0; i < 10; ++i)
        EXPECT_EQ(login_from("192.0.2." + std::to_string(i), "beheer@ess.example", "niet-het-wachtwoord").status, 401);
    // Even the owner, from an address that never failed, waits: but only a minute.
    expect_rate_limited(login_from(office, "beheer@ess.example", admin_password), 60);
    clock.advance(59s);
    expect_rate_limited(login_from(office, "beheer@ess.example", admin_password), 1);
    clock.advance(1s);
    EXPECT_EQ(login_from(office, "beheer@ess.example", admin_password).status, 200);
}

}  // namespace
