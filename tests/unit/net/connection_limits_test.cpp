// The caps on connections held at once: in total and per client address, places given
// back when a connection's slot goes, trusted proxies exempt from the per-address cap.
#include "server/net/connection_limits.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

using kl::net::ConnectionLimits;
using kl::net::ConnectionLimitSettings;

// A clock that stands still unless a test moves it: the caps on connections held do
// not depend on it, the window of new connections does.
kl::app::ManualClock test_clock{kl::app::TimePoint(std::chrono::seconds(1'800'000'000))};
using Slots = std::vector<std::shared_ptr<void>>;

TEST(ConnectionLimits, OneAddressGetsItsShareAndNoMore) {
    ConnectionLimits limits({100, 3, {}}, test_clock);
    Slots held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(limits.admit("198.51.100.7"));
        ASSERT_TRUE(held.back());
    }
    EXPECT_FALSE(limits.admit("198.51.100.7"));
    EXPECT_TRUE(limits.admit("198.51.100.8")) << "another address is not affected";
    EXPECT_EQ(limits.refused(), 1u);
    held.pop_back();  // one connection closed
    EXPECT_TRUE(limits.admit("198.51.100.7"));
}

TEST(ConnectionLimits, TheTotalHoldsForEveryone) {
    ConnectionLimits limits({4, 0, {}}, test_clock);
    Slots held;
    for (int i = 0; i < 4; ++i) held.push_back(limits.admit("192.0.2." + std::to_string(i)));
    EXPECT_EQ(limits.total(), 4u);
    EXPECT_FALSE(limits.admit("192.0.2.200"));
    held.clear();
    EXPECT_EQ(limits.total(), 0u);
    EXPECT_TRUE(limits.admit("192.0.2.200"));
}

TEST(ConnectionLimits, ATrustedProxyIsNotCappedPerAddressButCountsInTheTotal) {
    ConnectionLimits limits({5, 1, {"10.0.0.1"}}, test_clock);
    Slots held;
    for (int i = 0; i < 5; ++i) {
        held.push_back(limits.admit("10.0.0.1"));
        ASSERT_TRUE(held.back()) << i;
    }
    EXPECT_FALSE(limits.admit("10.0.0.1"));
    EXPECT_FALSE(limits.admit("203.0.113.1"));
}

TEST(ConnectionLimits, TheDefaultTotalLeavesTheReserveFree) {
    ConnectionLimits limits({0, 0, {}}, test_clock);
    EXPECT_GE(limits.max_total(), 16u);
    EXPECT_EQ(limits.max_total(), kl::net::total_from_descriptor_limit());
}

}  // namespace

namespace {

TEST(ConnectionLimits, AnAddressThatOpensConnectionsTooFastWaitsForTheWindow) {
    kl::app::ManualClock clock{kl::app::TimePoint(std::chrono::seconds(1'800'000'000))};
    ConnectionLimitSettings settings{100, 0, {}, 3};
    ConnectionLimits limits(settings, clock);
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(limits.admit("198.51.100.7")) << i << ": closed at once, still new";
    EXPECT_FALSE(limits.admit("198.51.100.7")) << "a fourth new one within the window";
    EXPECT_TRUE(limits.admit("198.51.100.8")) << "another address is not affected";
    EXPECT_EQ(limits.refused(), 1u);

    clock.advance(kl::net::new_connection_window);
    EXPECT_TRUE(limits.admit("198.51.100.7")) << "the window moved on";
}

TEST(ConnectionLimits, ATrustedProxyOpensAsManyNewConnectionsAsItNeeds) {
    kl::app::ManualClock clock{kl::app::TimePoint(std::chrono::seconds(1'800'000'000))};
    ConnectionLimits limits({100, 0, {"10.0.0.1"}, 2}, clock);
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(limits.admit("10.0.0.1")) << i;
    EXPECT_TRUE(limits.admit("10.0.0.2"));
    EXPECT_TRUE(limits.admit("10.0.0.2"));
    EXPECT_FALSE(limits.admit("10.0.0.2"));
}

TEST(ConnectionLimits, ZeroNewConnectionsMeansNoWindow) {
    ConnectionLimits limits({10000, 0, {}, 0}, test_clock);
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limits.admit("198.51.100.9")) << i;
}

}  // namespace
