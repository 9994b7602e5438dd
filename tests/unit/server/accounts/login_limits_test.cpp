// The failed-login limits: each window's allowed case next to its refused one, the
// waits they answer, what a success and a cancelled attempt give back, and that a
// concurrent flood gets no more than the limit through.
#include "server/app/accounts/login_limits.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace std::chrono;
using kl::app::LoginLimits;
using kl::app::ManualClock;

namespace {

constexpr const char* anna = "anna@gemeente.example";
constexpr const char* bram = "bram@gemeente.example";
constexpr const char* attacker = "203.0.113.7";
constexpr const char* office = "198.51.100.2";

class LoginLimitsTest : public ::testing::Test {
protected:
    ManualClock clock{kl::app::TimePoint(seconds(1'893'452'400))};
    LoginLimits limits{clock};

    // n failed attempts (admitted and left counted).
    void fail(int n, const std::string& email, const std::string& address) {
        for (int i = 0; i < n; ++i) ASSERT_TRUE(limits.admit(email, address).admitted) << i;
    }
};

TEST_F(LoginLimitsTest, OneAddressGetsFiveTriesAtOneAccountThenWaitsFifteenMinutes) {
    fail(5, anna, attacker);
    auto refused = limits.admit(anna, attacker);
    EXPECT_FALSE(refused.admitted);
    EXPECT_EQ(refused.retry_after, minutes(15));
    // The owner, from another address, is not locked out by it.
    EXPECT_TRUE(limits.admit(anna, office).admitted);
    clock.advance(minutes(10));
    EXPECT_EQ(limits.admit(anna, attacker).retry_after, minutes(5));  // the real remaining wait
    clock.advance(minutes(5));
    EXPECT_TRUE(limits.admit(anna, attacker).admitted);
}

TEST_F(LoginLimitsTest, OneAddressGetsTwentyTriesAcrossAccounts) {
    for (int i = 0; i < 20; ++i)
        ASSERT_TRUE(limits.admit("persoon" + std::to_string(i) + "@gemeente.example", attacker).admitted) << i;
    auto refused = limits.admit(anna, attacker);
    EXPECT_FALSE(refused.admitted);
    EXPECT_EQ(refused.retry_after, minutes(15));
    EXPECT_TRUE(limits.admit(anna, office).admitted);  // another address is not affected
}

TEST_F(LoginLimitsTest, ManyAddressesTogetherGetTenTriesAMinuteAtOneAccount) {
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(limits.admit(anna, "192.0.2." + std::to_string(i)).admitted) << i;
    auto refused = limits.admit(anna, office);
    EXPECT_FALSE(refused.admitted);
    // A short lock: anyone can make this window fill, so it never holds the owner long.
    EXPECT_EQ(refused.retry_after, minutes(1));
    EXPECT_TRUE(limits.admit(bram, office).admitted);  // another account is not affected
    clock.advance(seconds(30));
    EXPECT_EQ(limits.admit(anna, office).retry_after, seconds(30));
    clock.advance(seconds(30));
    EXPECT_TRUE(limits.admit(anna, office).admitted);
}

TEST_F(LoginLimitsTest, ARefusalAnswersTheLongestWaitOfTheFullWindows) {
    // The address's window fills first, its oldest attempt 10 minutes before the rest.
    fail(1, bram, attacker);
    clock.advance(minutes(10));
    for (int i = 0; i < 19; ++i) ASSERT_TRUE(limits.admit("p" + std::to_string(i) + "@gemeente.example", attacker).admitted);
    // Then anna's minute window, from elsewhere.
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(limits.admit(anna, "192.0.2." + std::to_string(i)).admitted);
    // Anna from the attacker's address must wait for both: the address's 5 minutes.
    EXPECT_EQ(limits.admit(anna, attacker).retry_after, minutes(5));
    EXPECT_EQ(limits.admit(anna, office).retry_after, minutes(1));  // elsewhere only the minute
    clock.advance(minutes(1));
    EXPECT_TRUE(limits.admit(anna, office).admitted);
    EXPECT_EQ(limits.admit(anna, attacker).retry_after, minutes(4));
}

TEST_F(LoginLimitsTest, ASuccessClearsTheAccountsFailuresButNotTheAddresss) {
    fail(4, anna, office);
    auto right = limits.admit(anna, office);
    ASSERT_TRUE(right.admitted);
    limits.succeeded(right.attempt);
    fail(5, anna, office);  // a fresh five
    EXPECT_FALSE(limits.admit(anna, office).admitted);

    // The address's count keeps the four failures and the five after (not the success).
    for (int i = 0; i < 11; ++i)
        ASSERT_TRUE(limits.admit("persoon" + std::to_string(i) + "@gemeente.example", office).admitted) << i;
    EXPECT_FALSE(limits.admit("nog-een@gemeente.example", office).admitted);
}

TEST_F(LoginLimitsTest, ACancelledAttemptDoesNotCount) {
    fail(4, anna, attacker);
    auto busy = limits.admit(anna, attacker);
    ASSERT_TRUE(busy.admitted);
    limits.cancelled(busy.attempt);  // the hashing queue was full: never checked
    EXPECT_TRUE(limits.admit(anna, attacker).admitted);
    EXPECT_FALSE(limits.admit(anna, attacker).admitted);
}

TEST_F(LoginLimitsTest, ARefusedAttemptLeavesNoCountBehindInTheOtherWindows) {
    fail(5, anna, attacker);
    for (int i = 0; i < 100; ++i) EXPECT_FALSE(limits.admit(anna, attacker).admitted);
    // Had the refusals counted per address or per account, these would be refused.
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(limits.admit(bram, attacker).admitted) << i;
    EXPECT_TRUE(limits.admit(anna, office).admitted);
}

TEST_F(LoginLimitsTest, AConcurrentFloodFromOneAddressGetsOnlyTheLimitThrough) {
    std::atomic<int> admitted{0}, refused{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 75; ++i) (limits.admit(anna, attacker).admitted ? admitted : refused)++;
        });
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(admitted, 5);
    EXPECT_EQ(refused, 595);
}

TEST_F(LoginLimitsTest, AConcurrentFloodAcrossAccountsGetsAtMostTheAddressLimitThrough) {
    std::atomic<int> admitted{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 75; ++i)
                if (limits.admit("p" + std::to_string(t * 75 + i) + "@gemeente.example", attacker).admitted) ++admitted;
        });
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(admitted, 20);
}

}  // namespace
