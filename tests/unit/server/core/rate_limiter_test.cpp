#include "server/app/core/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace std::chrono;
using kl::app::ManualClock;
using kl::app::RateLimiter;

namespace {

TEST(RateLimiter, AdmitsUpToTheLimitThenRefusesUntilTheWindowPasses) {
    ManualClock clock(kl::app::TimePoint(seconds(1'000'000)));
    RateLimiter limiter(clock, 3, minutes(15));
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.try_acquire("anna").admitted);
    EXPECT_FALSE(limiter.try_acquire("anna").admitted);
    EXPECT_TRUE(limiter.try_acquire("bram").admitted);  // another key has its own window
    clock.advance(minutes(14));
    EXPECT_FALSE(limiter.try_acquire("anna").admitted);
    clock.advance(minutes(1));
    EXPECT_TRUE(limiter.try_acquire("anna").admitted);
}

TEST(RateLimiter, ARefusalSaysTheRealRemainingWaitAndCountsNothing) {
    ManualClock clock(kl::app::TimePoint(seconds(1'000'000)));
    RateLimiter limiter(clock, 2, minutes(15));
    EXPECT_TRUE(limiter.try_acquire("anna").admitted);
    clock.advance(minutes(5));
    EXPECT_TRUE(limiter.try_acquire("anna").admitted);
    auto refused = limiter.try_acquire("anna");
    EXPECT_FALSE(refused.admitted);
    EXPECT_EQ(refused.retry_after, minutes(10));  // until the first attempt leaves the window
    clock.advance(minutes(9) + seconds(59));
    EXPECT_EQ(limiter.try_acquire("anna").retry_after, seconds(1));
    clock.advance(seconds(1));
    // Refusals were not counted: one slot is free now, then the second attempt's wait.
    EXPECT_TRUE(limiter.try_acquire("anna").admitted);
    auto again = limiter.try_acquire("anna");
    EXPECT_FALSE(again.admitted);
    EXPECT_EQ(again.retry_after, minutes(5));
}

TEST(RateLimiter, ReleaseGivesBackOneAdmittedAttemptAndNoMore) {
    ManualClock clock(kl::app::TimePoint(seconds(0)));
    RateLimiter limiter(clock, 2, seconds(60));
    auto first = limiter.try_acquire("x");
    clock.advance(seconds(10));
    auto second = limiter.try_acquire("x");
    EXPECT_FALSE(limiter.try_acquire("x").admitted);
    limiter.release("x", second.at);
    auto retried = limiter.try_acquire("x");
    EXPECT_TRUE(retried.admitted);
    EXPECT_FALSE(limiter.try_acquire("x").admitted);
    // The first attempt is still the oldest: the window opens 60 s after it, not after the second.
    EXPECT_EQ(limiter.try_acquire("x").retry_after, seconds(50));
    limiter.release("x", first.at);
    limiter.release("x", first.at);  // a second release of the same attempt finds nothing
    EXPECT_TRUE(limiter.try_acquire("x").admitted);
    EXPECT_FALSE(limiter.try_acquire("x").admitted);
}

TEST(RateLimiter, ResetForgetsAKey) {
    ManualClock clock(kl::app::TimePoint(seconds(0)));
    RateLimiter limiter(clock, 1, seconds(60));
    EXPECT_TRUE(limiter.try_acquire("x").admitted);
    EXPECT_FALSE(limiter.try_acquire("x").admitted);
    limiter.reset("x");
    EXPECT_TRUE(limiter.try_acquire("x").admitted);
}

TEST(RateLimiter, ConcurrentAttemptsGetExactlyTheLimitThrough) {
    ManualClock clock(kl::app::TimePoint(seconds(0)));
    RateLimiter limiter(clock, 20, minutes(15));
    std::atomic<int> admitted{0}, refused{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 75; ++i) (limiter.try_acquire("203.0.113.7").admitted ? admitted : refused)++;
        });
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(admitted, 20);
    EXPECT_EQ(refused, 600 - 20);
}

TEST(RateLimiter, MemoryStaysBoundedUnderManyKeys) {
    ManualClock clock(kl::app::TimePoint(seconds(0)));
    RateLimiter limiter(clock, 2, seconds(60), 100);
    for (int i = 0; i < 10'000; ++i) limiter.try_acquire("address-" + std::to_string(i));
    // The most recent keys are still counted.
    EXPECT_TRUE(limiter.try_acquire("address-9999").admitted);
    EXPECT_FALSE(limiter.try_acquire("address-9999").admitted);
}

}  // namespace
