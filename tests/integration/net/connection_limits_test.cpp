// Connections held at once per client address: past the cap a connection is closed
// before its TLS handshake, and the place comes back when a connection ends.
#include "support/fixture.hpp"

#include <chrono>

using namespace kl::test;

namespace {

class ConnectionLimitTest : public ServerTest {
protected:
    ConnectionLimitTest() : ServerTest(nullptr, [](kl::app::ServerConfig& c) { c.max_connections_per_address = 2; }) {}

    // A connection closed a moment ago may still hold its place until the server has
    // seen it end: retries until admitted.
    std::unique_ptr<WsClient> connect(const std::string& cookie) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        for (;;) {
            try {
                return std::make_unique<WsClient>(server.port(), ws_options(cookie));
            } catch (const std::exception&) {
                if (std::chrono::steady_clock::now() > deadline) throw;
            }
        }
    }

    bool healthz_answers() {
        try {
            return https(server.port(), "GET", "/healthz").status == 200;
        } catch (const std::exception&) {
            return false;  // closed before the handshake
        }
    }
};

TEST_F(ConnectionLimitTest, AThirdConnectionFromTheSameAddressIsRefusedUntilOneEnds) {
    auto cookie = setup_admin();
    // Two connections the server has accepted: each finished its WebSocket upgrade.
    auto first = connect(cookie);
    auto second = connect(cookie);
    ASSERT_EQ(first->request("hello")["ok"], true);
    ASSERT_EQ(second->request("hello")["ok"], true);

    EXPECT_FALSE(healthz_answers());
    EXPECT_THROW(WsClient(server.port(), ws_options(cookie)), std::exception);
    EXPECT_EQ(first->request("hello")["ok"], true) << "the connections held are not affected";

    second.reset();
    // The server frees the place when it has seen the close; until then it refuses.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    bool admitted = false;
    while (!admitted && std::chrono::steady_clock::now() < deadline) admitted = healthz_answers();
    EXPECT_TRUE(admitted);
}

}  // namespace
