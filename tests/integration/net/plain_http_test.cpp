// --insecure-http: the same server without TLS, for tests behind a TLS-terminating
// proxy. Everything else (cookies, Origin checks, the subprotocol) stays as it is.
#include "support/test_client.hpp"
#include "support/test_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace kl::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

constexpr auto deadline = std::chrono::seconds(10);

TEST(PlainHttpTest, ServesHttpAndWebSocketWithoutTlsWhenAskedTo) {
    TestServer server(nullptr, [](app::ServerConfig& c) { c.insecure_http = true; });
    auto port = server.port();
    EXPECT_EQ(server.origin(), "http://localhost:" + std::to_string(port));

    auto health = plain_http(port, "GET", "/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.json()["status"], "ok");

    nlohmann::json setup = {{"token", server.setup_token()},
                            {"email", "beheer@ess.example"},
                            {"display_name", "Bea Beheer"},
                            {"organisation", {{"type", "ess"}, {"name", "ESS"}}},
                            {"password", "beheerder-wachtwoord-1"}};
    // The Origin check still holds: another origin is refused, ours accepted.
    EXPECT_EQ(plain_http(port, "POST", "/api/setup", setup.dump(), {"https://elders.example"}).status, 403);
    auto created = plain_http(port, "POST", "/api/setup", setup.dump(), {server.origin()});
    ASSERT_EQ(created.status, 201) << created.body;
    auto cookie = "kl_session=" + created.login_cookie();

    asio::io_context io;
    websocket::stream<beast::tcp_stream> ws(io);
    beast::get_lowest_layer(ws).expires_after(deadline);
    beast::get_lowest_layer(ws).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    ws.set_option(websocket::stream_base::decorator([&](websocket::request_type& request) {
        request.set(http::field::cookie, cookie);
        request.set(http::field::origin, server.origin());
        request.set(http::field::sec_websocket_protocol, "kennislab.v1");
    }));
    ws.handshake("localhost", "/ws");
    ws.text(true);
    ws.write(asio::buffer(std::string(R"({"id":"1","type":"hello"})")));
    beast::flat_buffer buffer;
    ws.read(buffer);
    auto answer = nlohmann::json::parse(beast::buffers_to_string(buffer.data()));
    EXPECT_EQ(answer["ok"], true) << answer.dump();
    EXPECT_EQ(answer["user"]["email"], "beheer@ess.example");
    ws.close(websocket::close_code::normal);
}

TEST(PlainHttpTest, ATlsClientGetsNoAnswerFromAPlainServer) {
    TestServer server(nullptr, [](app::ServerConfig& c) { c.insecure_http = true; });
    EXPECT_ANY_THROW(https(server.port(), "GET", "/healthz"));
}

}  // namespace
}  // namespace kl::test
