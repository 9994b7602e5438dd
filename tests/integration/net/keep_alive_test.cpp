// A kept-alive HTTP connection that sends nothing more is closed after the keep-alive
// timeout, not held for the (longer) whole-request deadline: idle connections, a
// slowloris's among them, give their descriptors back soon.
#include "support/fixture.hpp"

#include <chrono>

using namespace kl::test;
using namespace std::chrono_literals;

namespace {

class KeepAliveTest : public ServerTest {
protected:
    KeepAliveTest() : ServerTest(nullptr, [](kl::app::ServerConfig& c) { c.keep_alive_seconds = 1; }) {}
};

TEST_F(KeepAliveTest, AnIdleKeptAliveConnectionIsClosedAfterTheKeepAliveTimeout) {
    // Asio's timers follow the steady clock; no test clock reaches them.
    auto lifetime = https_idle_lifetime(server.port(), "/healthz", 20s);
    ASSERT_TRUE(lifetime) << "still open after 20 s, the whole-request deadline would be 60 s";
    EXPECT_GE(*lifetime, 900ms) << "not closed before the timeout";
    EXPECT_LT(*lifetime, 10s);
}

TEST_F(ServerTest, AKeptAliveConnectionServesTheNextRequest) {
    // The default keep-alive timeout (20 s) leaves a client plenty of time; the
    // connection survives a short pause (nullopt: still open after it).
    EXPECT_FALSE(https_idle_lifetime(server.port(), "/healthz", 300ms));
}

}  // namespace
