// Argon2 runs on its own bounded pool: with every hashing thread busy and the hashing
// queue full, /api/me and the WebSocket upgrade check (both on the read pool) still
// answer, and one more login is refused at once with 429 and Retry-After instead of
// queueing. Deterministic: the one hashing thread is held by a task the test releases.
#include "server/app/accounts/accounts.hpp"

#include "server/app/core/blocking_pool.hpp"
#include "server/app/core/clock.hpp"
#include "server/app/core/password_hasher.hpp"
#include "server/app/realtime/connection_registry.hpp"
#include "storage/connection.hpp"
#include "storage/users.hpp"
#include "storage/writer.hpp"
#include "../../storage/temp_database.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <future>

namespace {

using namespace std::chrono_literals;
using kl::app::HttpRequest;
using kl::app::HttpResponse;

constexpr auto deadline = 10s;  // a bound for a broken build, not a wait for anything

class HashingPoolTest : public ::testing::Test {
protected:
    kl::test::TempDatabase database;
    kl::app::ServerConfig config = [this] {
        kl::app::ServerConfig c;
        c.data_dir = database.dir().string();
        return c;
    }();
    kl::storage::Writer writer{config.database_path()};
    kl::app::BlockingPool read_pool{config.database_path(), 1};
    kl::app::BlockingPool hashing_pool{config.database_path(), 1, 2};
    kl::app::SystemClock clock;
    kl::app::ConnectionRegistry registry;
    kl::app::Services services{config, "https://localhost:8443", writer, read_pool, clock, registry,
                               kl::app::Argon2Parameters{1, 64, 1}, nullptr};  // cheap: these tests are about queues
    kl::app::SetupToken setup_token;
    kl::app::SecondFactorGate gate;
    kl::app::Accounts accounts{services, setup_token, hashing_pool, gate};

    ~HashingPoolTest() override {
        hashing_pool.stop();
        read_pool.stop();
        writer.stop();
    }

    // An active account with a login; returns the cookie value.
    std::string logged_in_member() {
        auto c = kl::storage::open_database(config.database_path(), kl::storage::OpenMode::read_write);
        kl::storage::NewUser user{"lid@gemeente.example", "Lid", "gemeente", "Gemeente Zuid", "member",
                                  kl::app::hash_password("deelnemer-wachtwoord-1", services.argon2), services.now(), {}};
        auto created = kl::storage::create_user(c, user);
        return kl::app::create_login(c, created.id, services.now());
    }

    // Starts a login and returns its answer to come.
    std::future<HttpResponse> login(const std::string& email, const std::string& address) {
        auto answer = std::make_shared<std::promise<HttpResponse>>();
        HttpRequest request;
        request.address = address;
        accounts.login(request, {{"email", email}, {"password", "niet-het-wachtwoord"}},
                       [answer](HttpResponse response) { answer->set_value(std::move(response)); });
        return answer->get_future();
    }
};

TEST_F(HashingPoolTest, ReadsAnswerWhileEveryHashingThreadIsBusyAndTheQueueIsFull) {
    auto cookie = logged_in_member();

    // Hold the one hashing thread.
    std::promise<void> started, release;
    auto released = release.get_future().share();
    ASSERT_TRUE(hashing_pool.try_post([&, released](kl::storage::Connection&) {
        started.set_value();
        released.wait();
    }));
    started.get_future().wait();
    // Two logins fill the hashing queue (max 2 waiting); a third is refused at once.
    auto first = login("a@gemeente.example", "192.0.2.1");
    auto second = login("b@gemeente.example", "192.0.2.2");
    auto refused = login("c@gemeente.example", "192.0.2.3");
    ASSERT_EQ(refused.wait_for(deadline), std::future_status::ready);
    auto busy = refused.get();
    EXPECT_EQ(busy.status, 429);
    auto body = nlohmann::json::parse(busy.body);
    EXPECT_EQ(body["error"]["code"], "rate_limited");
    EXPECT_EQ(body["error"]["retry_after"], 1);
    EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
    ASSERT_EQ(busy.headers.size(), 1u);
    EXPECT_EQ(busy.headers[0], (std::pair<std::string, std::string>("Retry-After", "1")));

    // The current user and an upgrade check answer meanwhile: they never queue behind Argon2.
    std::promise<HttpResponse> me;
    HttpRequest request;
    request.cookie_token = cookie;
    accounts.me(request, [&me](HttpResponse response) { me.set_value(std::move(response)); });
    auto me_answer = me.get_future();
    ASSERT_EQ(me_answer.wait_for(deadline), std::future_status::ready);
    auto me_response = me_answer.get();
    EXPECT_EQ(me_response.status, 200);
    EXPECT_EQ(nlohmann::json::parse(me_response.body)["user"]["email"], "lid@gemeente.example");
    std::promise<bool> upgrade;
    accounts.authenticate(cookie, [&upgrade](std::optional<kl::storage::User> user) { upgrade.set_value(user.has_value()); });
    auto upgrade_answer = upgrade.get_future();
    ASSERT_EQ(upgrade_answer.wait_for(deadline), std::future_status::ready);
    EXPECT_TRUE(upgrade_answer.get());
    // The queued logins are still waiting for the hashing thread.
    EXPECT_EQ(first.wait_for(0s), std::future_status::timeout);
    EXPECT_EQ(second.wait_for(0s), std::future_status::timeout);

    release.set_value();
    ASSERT_EQ(first.wait_for(deadline), std::future_status::ready);
    ASSERT_EQ(second.wait_for(deadline), std::future_status::ready);
    EXPECT_EQ(first.get().status, 401);
    EXPECT_EQ(second.get().status, 401);
    // The refused login was never checked and did not count: c may try again at once.
    auto again = login("c@gemeente.example", "192.0.2.3");
    ASSERT_EQ(again.wait_for(deadline), std::future_status::ready);
    EXPECT_EQ(again.get().status, 401);
}

}  // namespace
