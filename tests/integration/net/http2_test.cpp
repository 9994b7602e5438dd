// HTTP/2 by ALPN, through libcurl as a browser would: the same answers as over
// HTTP/1.1 (static files with their caching and 304, API calls with the login
// cookie, the security headers), the same limits (headers, bodies), many requests over
// one connection, and clients without HTTP/2 still served over HTTP/1.1.
#include "support/fixture.hpp"
#include "support/http2_client.hpp"
#include "support/request_options.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>

#include <chrono>
#include <map>

using namespace kl::test;
using namespace std::chrono_literals;

namespace {

namespace asio = boost::asio;

// A raw HTTP/2 connection: ALPN h2, the client preface and empty SETTINGS sent.
struct RawHttp2 {
    asio::io_context io;
    asio::ssl::context tls{asio::ssl::context::tls_client};
    std::optional<asio::ssl::stream<asio::ip::tcp::socket>> stream;

    explicit RawHttp2(std::uint16_t port) {
        tls.set_verify_mode(asio::ssl::verify_none);
        static const unsigned char h2[] = "\x02h2";
        SSL_CTX_set_alpn_protos(tls.native_handle(), h2, 3);
        stream.emplace(io, tls);
        asio::ip::tcp::resolver resolver(io);
        asio::connect(stream->next_layer(), resolver.resolve("127.0.0.1", std::to_string(port)));
        stream->handshake(asio::ssl::stream_base::client);
        const unsigned char* chosen = nullptr;
        unsigned int length = 0;
        SSL_get0_alpn_selected(stream->native_handle(), &chosen, &length);
        if (length != 2) throw std::runtime_error("the server did not choose h2");
        std::string preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
        preface += std::string("\0\0\0\x04\0\0\0\0\0", 9);  // SETTINGS, empty
        asio::write(*stream, asio::buffer(preface));
    }

    // The server's first frame, which must be its SETTINGS: identifier -> value.
    std::map<int, std::uint32_t> server_settings() {
        std::array<unsigned char, 9> header{};
        asio::read(*stream, asio::buffer(header));
        if (header[3] != 4) throw std::runtime_error("the first frame is not SETTINGS");
        std::size_t length = (header[0] << 16) | (header[1] << 8) | header[2];
        std::vector<unsigned char> payload(length);
        asio::read(*stream, asio::buffer(payload));
        std::map<int, std::uint32_t> settings;
        for (std::size_t at = 0; at + 6 <= length; at += 6)
            settings[(payload[at] << 8) | payload[at + 1]] = (std::uint32_t(payload[at + 2]) << 24) |
                                                              (payload[at + 3] << 16) | (payload[at + 4] << 8) |
                                                              payload[at + 5];
        return settings;
    }
};

// Reads what the server sends on an idle HTTP/2 connection until it closes: how long
// it held it (nullopt: still open after limit).
std::optional<std::chrono::milliseconds> http2_idle_lifetime(std::uint16_t port, std::chrono::milliseconds limit) {
    RawHttp2 connection(port);
    auto& stream = *connection.stream;
    auto& io = connection.io;
    auto idle_from = std::chrono::steady_clock::now();
    std::array<char, 1024> buffer{};
    bool closed = false;
    std::function<void(boost::system::error_code, std::size_t)> on_read = [&](boost::system::error_code ec, std::size_t) {
        if (ec) {
            closed = true;
            return;
        }
        stream.async_read_some(asio::buffer(buffer), on_read);
    };
    stream.async_read_some(asio::buffer(buffer), on_read);
    io.run_for(limit);
    auto lifetime = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - idle_from);
    if (!closed) return std::nullopt;
    return lifetime;
}

class Http2KeepAliveTest : public ServerTest {
protected:
    Http2KeepAliveTest() : ServerTest(nullptr, [](kl::app::ServerConfig& c) { c.keep_alive_seconds = 1; }) {}
};

TEST_F(ServerTest, Http2SettingsCapStreamsAndHeadersAndOfferNoWebSocketOverHttp2) {
    RawHttp2 connection(server.port());
    auto settings = connection.server_settings();
    EXPECT_EQ(settings[0x3], 100u) << "SETTINGS_MAX_CONCURRENT_STREAMS";
    EXPECT_EQ(settings[0x6], 16u * 1024) << "SETTINGS_MAX_HEADER_LIST_SIZE";
    EXPECT_EQ(settings.count(0x8), 0u) << "no SETTINGS_ENABLE_CONNECT_PROTOCOL: WebSockets take HTTP/1.1";
}

TEST_F(Http2KeepAliveTest, AnIdleHttp2ConnectionIsClosedAfterTheKeepAliveTimeout) {
    // Asio's timers follow the steady clock; no test clock reaches them.
    auto lifetime = http2_idle_lifetime(server.port(), 20s);
    ASSERT_TRUE(lifetime) << "still open after 20 s";
    EXPECT_GE(*lifetime, 900ms) << "not closed before the timeout";
    EXPECT_LT(*lifetime, 10s);
}

TEST_F(ServerTest, StaticFilesOverHttp2WithTheirCachingAnd304) {
    Http2Client client(server.port());
    auto shell = client.request("GET", "/");
    ASSERT_EQ(client.version(), 2) << "the server's ALPN chose h2";
    ASSERT_EQ(shell.status, 200);
    EXPECT_EQ(shell.header("cache-control"), "no-cache");
    EXPECT_NE(shell.header("content-security-policy").find("sha256-"), std::string::npos);
    EXPECT_EQ(shell.header("x-frame-options"), "DENY");
    EXPECT_EQ(shell.header("content-length"), std::to_string(shell.body.size()));
    EXPECT_EQ(shell.header("connection"), "") << "no connection-specific fields in HTTP/2";

    auto main = versioned(shell.body, "/js/main.js");
    ASSERT_FALSE(main.empty());
    auto script = client.request("GET", main, "", with({{"Accept-Encoding", "br"}}));
    EXPECT_EQ(script.status, 200);
    EXPECT_EQ(script.header("content-encoding"), "br");
    EXPECT_EQ(script.header("cache-control"), "public, max-age=31536000, immutable");
    auto again = client.request("GET", main, "", with({{"Accept-Encoding", "br"}, {"If-None-Match", script.header("etag")}}));
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
    auto head = client.request("HEAD", main);
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(head.header("content-length"), client.request("GET", main).header("content-length"));
    EXPECT_EQ(client.request("GET", "/js/nothing-here.js").status, 404);
    EXPECT_EQ(client.connections(), 1) << "every request over the one connection";
    EXPECT_EQ(client.version(), 2);
}

TEST_F(ServerTest, ApiCallsOverHttp2CarryTheLoginCookie) {
    setup_admin();
    Http2Client client(server.port());
    auto login = client.request("POST", "/api/login",
                                nlohmann::json{{"email", "beheer@ess.example"}, {"password", admin_password}}.dump(),
                                same_origin());
    ASSERT_EQ(client.version(), 2);
    ASSERT_EQ(login.status, 200) << login.body;
    auto cookie = login.login_cookie();
    ASSERT_FALSE(cookie.empty());
    auto me = client.request("GET", "/api/me", "", with({{"Accept-Encoding", "br, gzip"}}, cookie));
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.json()["user"]["email"], "beheer@ess.example") << me.body;
    EXPECT_EQ(me.header("cache-control"), "no-store");
    EXPECT_EQ(me.header("content-encoding"), "") << "never compressed (BREACH)";
    EXPECT_EQ(me.header("strict-transport-security"), "max-age=31536000");
    // HTTP/2 may split the Cookie field; the parts are one header again.
    auto split = client.request("GET", "/api/me", "", with({{"Cookie", "theme=dark"}, {"Cookie", "kl_session=" + cookie}}));
    EXPECT_EQ(split.status, 200) << split.body;
    EXPECT_EQ(client.request("GET", "/api/me").status, 401);
    // A streamed answer (the person's own data as a ZIP) arrives whole.
    auto export_zip = client.request("GET", "/api/me/export", "", with({}, cookie));
    EXPECT_EQ(export_zip.status, 200);
    EXPECT_EQ(export_zip.body.substr(0, 2), "PK");
    EXPECT_EQ(client.connections(), 1);
}

TEST_F(ServerTest, Http2RefusesOversizedHeadersAndBodiesAndGoesOn) {
    Http2Client client(server.port());
    auto large = client.request("GET", "/", "", with({{"X-Large", std::string(20 * 1024, 'a')}}));
    ASSERT_EQ(client.version(), 2);
    EXPECT_EQ(large.status, 431);
    EXPECT_EQ(large.json()["error"]["code"], "too_large");
    auto body = client.request("POST", "/api/login", std::string(100 * 1024, 'x'), same_origin());
    EXPECT_EQ(body.status, 413);
    EXPECT_EQ(body.json()["error"]["code"], "too_large");
    // The connection serves the next request.
    EXPECT_EQ(client.request("GET", "/healthz").status, 200);
}

TEST_F(ServerTest, ClientsWithoutHttp2AreServedOverHttp1) {
    Http2Client client(server.port(), /*http1=*/true);
    auto shell = client.request("GET", "/");
    EXPECT_EQ(client.version(), 11);
    EXPECT_EQ(shell.status, 200);
    EXPECT_EQ(client.request("GET", "/", "", with({{"If-None-Match", shell.header("etag")}})).status, 304);
    // The project's own client offers no ALPN at all.
    EXPECT_EQ(https(server.port(), "GET", "/healthz").status, 200);
}

}  // namespace
