// Who the client is: the peer, unless the peer is a trusted proxy that forwarded for
// someone. Each case trusted next to untrusted, well-formed next to malformed.
#include "server/app/http/client_address.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using kl::app::canonical_address;
using kl::app::TrustedProxies;

namespace {

constexpr const char* proxy = "10.0.0.5";

TEST(CanonicalAddress, AcceptsOneIpAddressAndNothingElse) {
    EXPECT_EQ(canonical_address("203.0.113.7"), "203.0.113.7");
    EXPECT_EQ(canonical_address("2001:DB8:0:0::1"), "2001:db8::1");
    EXPECT_EQ(canonical_address("::ffff:203.0.113.7"), "203.0.113.7");  // one client, dual stack or not
    for (const char* bad : {"", "unknown", "203.0.113.7:8080", "[2001:db8::1]", "203.0.113", "example.org",
                            "203.0.113.7 ", "1.2.3.4.5", "_hidden"})
        EXPECT_EQ(canonical_address(bad), std::nullopt) << bad;
    // inet_pton reads a C string; what follows a NUL must not be ignored (found by fuzzing).
    EXPECT_EQ(canonical_address(std::string_view("127.0.0.1\0evil", 14)), std::nullopt);
}

TEST(TrustedProxies, RefusesAnAddressThatIsNotOne) {
    EXPECT_NO_THROW(TrustedProxies({"10.0.0.5", "::1"}));
    EXPECT_THROW(TrustedProxies({"proxy.local"}), std::invalid_argument);
}

TEST(TrustedProxies, AnUntrustedPeerIsTheClientWhateverItForwards) {
    TrustedProxies none({});
    EXPECT_EQ(none.client_address("198.51.100.9", "203.0.113.7"), "198.51.100.9");
    TrustedProxies trusted({proxy});
    EXPECT_EQ(trusted.client_address("198.51.100.9", "203.0.113.7"), "198.51.100.9");
    EXPECT_EQ(trusted.client_address(proxy, "203.0.113.7"), "203.0.113.7");
}

TEST(TrustedProxies, TakesTheRightMostAddressThatIsNoTrustedProxy) {
    TrustedProxies trusted({proxy, "10.0.0.6"});
    // What the client wrote itself (left) proves nothing; the proxy appended the real peer.
    EXPECT_EQ(trusted.client_address(proxy, "1.1.1.1, 203.0.113.7"), "203.0.113.7");
    // Through two proxies of ours: the one before them.
    EXPECT_EQ(trusted.client_address(proxy, "1.1.1.1, 203.0.113.7, 10.0.0.6"), "203.0.113.7");
    EXPECT_EQ(trusted.client_address(proxy, "1.1.1.1,203.0.113.7 ,\t10.0.0.6"), "203.0.113.7");
    // Only proxies: the furthest one is all we know.
    EXPECT_EQ(trusted.client_address(proxy, "10.0.0.6"), "10.0.0.6");
    EXPECT_EQ(trusted.client_address(proxy, "2001:DB8::7"), "2001:db8::7");
}

TEST(TrustedProxies, MalformedOrMissingMeansThePeer) {
    TrustedProxies trusted({proxy});
    EXPECT_EQ(trusted.client_address(proxy, ""), proxy);
    EXPECT_EQ(trusted.client_address(proxy, "   "), proxy);
    EXPECT_EQ(trusted.client_address(proxy, "unknown"), proxy);
    EXPECT_EQ(trusted.client_address(proxy, "203.0.113.7:4711"), proxy);
    EXPECT_EQ(trusted.client_address(proxy, "203.0.113.7,"), proxy);
    EXPECT_EQ(trusted.client_address(proxy, "203.0.113.7,,10.0.0.5"), proxy);
    // A malformed entry left of the client's is the client's own writing and is never read.
    EXPECT_EQ(trusted.client_address(proxy, "<script>, 203.0.113.7"), "203.0.113.7");
}

TEST(TrustedProxies, KnowsAProxyInAnyOfItsSpellings) {
    TrustedProxies trusted({"::ffff:10.0.0.5", "2001:db8::10"});
    EXPECT_EQ(trusted.client_address("10.0.0.5", "203.0.113.7"), "203.0.113.7");
    EXPECT_EQ(trusted.client_address("2001:DB8:0::10", "203.0.113.7"), "203.0.113.7");
}

}  // namespace
