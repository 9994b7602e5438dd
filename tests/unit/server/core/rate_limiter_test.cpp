#include "server/app/core/rate_limiter.hpp"

#include <gtest/gtest.h>

using namespace std::chrono;
using kl::app::ManualClock;
using kl::app::RateLimiter;

namespace {

TEST(RateLimiter, BlocksAfterTheLimitUntilTheWindowPasses) {
    ManualClock clock(kl::app::TimePoint(seconds(1'000'000)));
    RateLimiter limiter(clock, 3, minutes(15));
    for (int i = 0; i < 3; ++i) {
        EXPECT_FALSE(limiter.blocked("anna"));
        limiter.record("anna");
    }
    EXPECT_TRUE(limiter.blocked("anna"));
    EXPECT_FALSE(limiter.blocked("bram"));
    clock.advance(minutes(14));
    EXPECT_TRUE(limiter.blocked("anna"));
    clock.advance(minutes(1));
    EXPECT_FALSE(limiter.blocked("anna"));
}

TEST(RateLimiter, ResetForgetsAKey) {
    ManualClock clock(kl::app::TimePoint(seconds(0)));
    RateLimiter limiter(clock, 1, seconds(60));
    limiter.record("x");
    EXPECT_TRUE(limiter.blocked("x"));
    limiter.reset("x");
    EXPECT_FALSE(limiter.blocked("x"));
}

TEST(RateLimiter, MemoryStaysBoundedUnderManyKeys) {
    ManualClock clock(kl::app::TimePoint(seconds(0)));
    RateLimiter limiter(clock, 2, seconds(60), 100);
    for (int i = 0; i < 10'000; ++i) limiter.record("address-" + std::to_string(i));
    // The most recent keys are still counted.
    limiter.record("address-9999");
    EXPECT_TRUE(limiter.blocked("address-9999"));
}

}  // namespace
