// HTTP/2 by ALPN, through libcurl as a browser would: the same answers as over
// HTTP/1.1 (static files with their caching and 304, API calls with the login
// cookie, the security headers), the same limits (headers, bodies), many requests over
// one connection, and clients without HTTP/2 still served over HTTP/1.1.
#include "support/fixture.hpp"
#include "support/http2_client.hpp"
#include "support/request_options.hpp"

using namespace kl::test;

namespace {

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
