// The audit log's own retention against the real server, on a ManualClock: with
// --audit-retention-days 30 the eraser's pass erases the entries written before the
// day 30 days back, leaves the newer ones, and writes one audit.erased entry naming
// the cut-off and the count; retention.list tells the administrator the term. Without
// the flag nothing is erased.
#include "protocol/time.hpp"
#include "support/fixture.hpp"

#include <chrono>
#include <thread>

using namespace kl::test;
using nlohmann::json;

namespace {

constexpr std::int64_t day = 86'400;

class AuditRetentionTest : public ClockHolder, public ServerTest {
protected:
    AuditRetentionTest() : ServerTest(&clock, [](kl::app::ServerConfig& config) { config.audit_retention_days = 30; }) {}

    std::int64_t now() const { return clock.now().time_since_epoch().count(); }

    // Moves the clock and waits until the eraser has completed a pass that began then.
    void advance_and_wait_for_pass(WsClient& admin, std::int64_t seconds) {
        clock.advance(std::chrono::seconds(seconds));
        auto target = kl::protocol::format_unix_time(now());
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        for (;;) {
            auto checked = admin.request("retention.list")["checked_at"];
            if (checked.is_string() && checked.get<std::string>() >= target) return;
            ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "no eraser pass at " << target;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling, with a deadline
        }
    }

    json entries(WsClient& admin) {
        auto answer = admin.request("audit.list", {{"limit", 100}});
        EXPECT_EQ(answer["ok"], true) << answer.dump();
        return answer["entries"];
    }
};

TEST_F(AuditRetentionTest, EntriesOlderThanTheTermAreErasedAndTheErasureIsOneEntry) {
    auto cookie = setup_admin();
    WsClient admin(server.port(), ws_options(cookie));
    EXPECT_EQ(admin.request("retention.list")["audit_retention_days"], 30);
    make_user(admin, "oud@gemeente.example");  // user.create, activate: old entries
    auto old_count = entries(admin).size();
    ASSERT_GE(old_count, 2u);

    advance_and_wait_for_pass(admin, 20 * day);
    make_user(admin, "nieuw@gemeente.example");  // 20 days on: kept
    auto before = entries(admin).size();
    EXPECT_GT(before, old_count) << "nothing is 30 days old yet";

    advance_and_wait_for_pass(admin, 12 * day);
    auto after = entries(admin);
    // The old ones are gone; the newer ones and the erasure's own entry stay.
    EXPECT_EQ(after.size(), before - old_count + 1) << after.dump();
    EXPECT_EQ(after[0]["action"], "audit.erased") << after.dump();
    EXPECT_EQ(after[0]["detail"]["entries"], old_count);
    EXPECT_TRUE(after[0]["actor"].is_null());

    // The next pass has nothing older: no second entry.
    advance_and_wait_for_pass(admin, 60);
    EXPECT_EQ(entries(admin).size(), after.size());
}

}  // namespace
