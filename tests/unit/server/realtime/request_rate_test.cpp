// The per-connection request limit, with a clock the test moves: no sleeping.
#include "server/app/realtime/request_rate.hpp"
#include "unit/server/realtime/recording_client.hpp"

#include <gtest/gtest.h>

using namespace std::chrono;
using kl::app::ManualClock;
using kl::app::RequestRateLimit;

namespace {

// Connections are only ever compared by address here.
using NullClient = kl::test::RecordingClient;

int admitted(RequestRateLimit& limit, const kl::app::Client* client, int tries) {
    int count = 0;
    for (int i = 0; i < tries; ++i) count += limit.admit(client) ? 1 : 0;
    return count;
}

TEST(RequestRateLimit, AllowsTheBurstThenTheRatePerSecond) {
    ManualClock clock(kl::app::TimePoint(seconds(1'000'000)));
    RequestRateLimit limit(clock, {20, 100});
    NullClient client(1);
    EXPECT_EQ(admitted(limit, &client, 150), 100);  // the burst, then refused
    EXPECT_FALSE(limit.admit(&client));             // the same second: still refused
    clock.advance(seconds(1));
    EXPECT_EQ(admitted(limit, &client, 50), 20);    // one second's worth
    clock.advance(seconds(3));
    EXPECT_EQ(admitted(limit, &client, 100), 60);
}

TEST(RequestRateLimit, APauseRefillsTheBurstButNoMore) {
    ManualClock clock(kl::app::TimePoint(seconds(0)));
    RequestRateLimit limit(clock, {20, 100});
    NullClient client(1);
    EXPECT_EQ(admitted(limit, &client, 100), 100);
    clock.advance(hours(24 * 365 * 100));  // a huge jump overflows nothing
    EXPECT_EQ(admitted(limit, &client, 1000), 100);
    // A clock set back adds nothing, and the bucket then refills from there.
    clock.advance(-hours(1));
    EXPECT_FALSE(limit.admit(&client));
    clock.advance(seconds(1));
    EXPECT_EQ(admitted(limit, &client, 50), 20);
}

TEST(RequestRateLimit, EachConnectionHasItsOwnBucketAndForgettingFreesIt) {
    ManualClock clock(kl::app::TimePoint(seconds(0)));
    RequestRateLimit limit(clock, {1, 3});
    NullClient first(1), second(2);
    EXPECT_EQ(admitted(limit, &first, 5), 3);
    EXPECT_EQ(admitted(limit, &second, 5), 3);  // not slowed by the first
    EXPECT_EQ(limit.tracked(), 2u);
    limit.forget(&first);
    limit.forget(&second);
    EXPECT_EQ(limit.tracked(), 0u);
}

TEST(RequestRateLimit, ForgettingRefilledBucketsKeepsOnlyTheOnesStillDrained) {
    ManualClock clock(kl::app::TimePoint(seconds(0)));
    RequestRateLimit limit(clock, {2, 5});
    NullClient idle(1), busy(2), fresh(3);
    EXPECT_EQ(admitted(limit, &idle, 1), 1);
    EXPECT_EQ(admitted(limit, &busy, 9), 5);
    limit.forget_refilled();
    EXPECT_EQ(limit.tracked(), 2u);  // the same second: neither is full again
    clock.advance(seconds(1));
    limit.forget_refilled();
    EXPECT_EQ(limit.tracked(), 1u);  // idle is full again (4 + 2), busy has 2 of 5
    EXPECT_EQ(admitted(limit, &busy, 9), 2);  // forgetting changed nothing for busy
    EXPECT_EQ(admitted(limit, &fresh, 9), 5);
    clock.advance(seconds(3));
    limit.forget_refilled();
    EXPECT_EQ(limit.tracked(), 0u);
    EXPECT_EQ(admitted(limit, &busy, 9), 5);  // as a new bucket would
}

TEST(RequestRateLimit, ARateOfZeroMeansNoLimit) {
    ManualClock clock(kl::app::TimePoint(seconds(0)));
    RequestRateLimit limit(clock, {0, 1});
    NullClient client(1);
    EXPECT_EQ(admitted(limit, &client, 10'000), 10'000);
    EXPECT_EQ(limit.tracked(), 0u);  // keeps nothing either
}

}  // namespace
