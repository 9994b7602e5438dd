// Connections held at once per client address: past the cap a connection is closed
// before its TLS handshake, and the place comes back when a connection ends. New
// connections per address in a window: past it refused before the handshake, until
// the window moves on.
#include "support/fixture.hpp"

#include "server/app/core/clock.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <chrono>
#include <thread>

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

class NewConnectionRateTest : public ServerTest {
protected:
    NewConnectionRateTest()
        : ServerTest(&clock, [](kl::app::ServerConfig& c) { c.max_new_connections_per_address = 4; }) {}

    // Before the server: it keeps a reference.
    static inline kl::app::ManualClock clock{kl::app::TimePoint(std::chrono::seconds(1'800'000'000))};

    bool healthz_answers() {
        try {
            return https(server.port(), "GET", "/healthz").status == 200;
        } catch (const std::exception&) {
            return false;
        }
    }
};

TEST_F(NewConnectionRateTest, AnAddressOpeningConnectionsTooFastIsRefusedUntilTheWindowMovesOn) {
    // Each https() call is a fresh TLS connection.
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(healthz_answers()) << "connection " << i;
    EXPECT_FALSE(healthz_answers()) << "the fifth within ten seconds is closed before the handshake";
    EXPECT_FALSE(healthz_answers()) << "and so is knocking again";

    clock.advance(std::chrono::seconds(10));
    EXPECT_TRUE(healthz_answers()) << "ten seconds later the address may connect again";
}

}  // namespace

// TLS handshakes in progress at once: clients that send half a hello and stall take the
// slots; past them a connection's handshake is refused, and a slot comes back when a
// stalled client leaves.
class HandshakeCapTest : public ServerTest {
protected:
    // No window on new connections: the polling below opens many, and only the cap on
    // handshakes may refuse them here.
    HandshakeCapTest()
        : ServerTest(nullptr, [](kl::app::ServerConfig& c) {
              c.max_tls_handshakes = 2;
              c.max_new_connections_per_address = 0;
          }) {}

    // A TCP connection that sends the first bytes of a TLS record and nothing more.
    std::unique_ptr<boost::asio::ip::tcp::socket> stalled_hello() {
        auto socket = std::make_unique<boost::asio::ip::tcp::socket>(io);
        socket->connect({boost::asio::ip::address_v4::loopback(), server.port()});
        const unsigned char partial_hello[] = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};
        boost::asio::write(*socket, boost::asio::buffer(partial_hello));
        return socket;
    }

    bool healthz_answers() {
        try {
            return https(server.port(), "GET", "/healthz").status == 200;
        } catch (const std::exception&) {
            return false;
        }
    }

    // The server reads the stalled bytes a moment after they are sent: waits until it
    // counts the handshakes under way that the test expects.
    bool handshakes_become(std::size_t wanted) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::chrono::steady_clock::now() < deadline) {
            if (server.tls_handshakes_in_progress() == wanted) return true;
            std::this_thread::yield();
        }
        return false;
    }

    boost::asio::io_context io;
};

TEST_F(HandshakeCapTest, StalledHellosTakeTheSlotsAndGiveThemBackWhenTheyLeave) {
    ASSERT_TRUE(healthz_answers()) << "a whole handshake gives its slot back";
    ASSERT_TRUE(handshakes_become(0)) << server.tls_handshakes_in_progress() << " handshakes under way";
    auto first = stalled_hello();
    auto second = stalled_hello();
    ASSERT_TRUE(handshakes_become(2)) << "the server holds a slot for each stalled hello; it counts "
                                      << server.tls_handshakes_in_progress();
    EXPECT_FALSE(healthz_answers()) << "with both slots held, a new handshake is refused";
    first.reset();
    ASSERT_TRUE(handshakes_become(1)) << "a stalled client that leaves gives its slot back; the server counts "
                                      << server.tls_handshakes_in_progress();
    EXPECT_TRUE(healthz_answers()) << "and the next handshake takes it";
}
