// The client's files over TLS as a browser gets them: the shell with versioned URLs,
// its import map allowed by hash in the CSP, immutable versioned files, ETags and 304,
// HEAD with the real length, brotli and gzip by Accept-Encoding, and API answers that
// are never compressed (BREACH).
#include "support/fixture.hpp"
#include "support/request_options.hpp"

#include "server/app/core/crypto.hpp"

using namespace kl::test;

namespace {

TEST_F(ServerTest, TheShellRevalidatesAndNamesVersionedFiles) {
    auto shell = https(server.port(), "GET", "/");
    ASSERT_EQ(shell.status, 200);
    EXPECT_EQ(shell.header("cache-control"), "no-cache");
    EXPECT_EQ(shell.header("vary"), "Accept-Encoding");
    auto etag = shell.header("etag");
    ASSERT_FALSE(etag.empty());
    EXPECT_EQ(etag.substr(0, 1), "\"") << "a strong validator";
    EXPECT_NE(shell.body.find("<script type=\"importmap\">"), std::string::npos);
    EXPECT_NE(shell.body.find("<link rel=\"modulepreload\" href=\"/js/core/dom.js?v="), std::string::npos);
    auto policy = shell.header("content-security-policy");
    EXPECT_NE(policy.find("script-src 'self' 'sha256-"), std::string::npos) << policy;
    EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos);
    // Another page of the client has its own shell (its own preloads), revalidated the
    // same way by its own validator.
    auto route = https(server.port(), "GET", "/sessions/12", "", with({{"If-None-Match", etag}}));
    EXPECT_EQ(route.status, 200) << "not the start page's shell";
    auto route_etag = route.header("etag");
    EXPECT_NE(route_etag, etag);
    auto again = https(server.port(), "GET", "/sessions/12/", "", with({{"If-None-Match", route_etag}}));
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
    // The health check and the API keep the shared policy.
    EXPECT_EQ(https(server.port(), "GET", "/healthz").header("content-security-policy").find("sha256-"), std::string::npos);
}

// web/routes.json decides which page a path shows; its shell preloads what that page
// imports before it runs, and nothing of the other pages or of the parts the page
// loads once it shows (core/deferred-part.js).
TEST_F(ServerTest, EachPagesShellPreloadsThatPageAndNoOther) {
    auto preloads = [](const std::string& body, const std::string& module) {
        return body.find("<link rel=\"modulepreload\" href=\"" + module + "?v=") != std::string::npos;
    };
    auto session = https(server.port(), "GET", "/sessions/12").body;
    EXPECT_TRUE(preloads(session, "/js/pages/session.js"));
    EXPECT_TRUE(preloads(session, "/js/session/workspace.js"));
    EXPECT_TRUE(preloads(session, "/js/board/board-store.js")) << "the board's data is there from the start";
    EXPECT_FALSE(preloads(session, "/js/board/board.js")) << "the board's view loads once the page shows";
    EXPECT_FALSE(preloads(session, "/js/session/invitations.js"));
    EXPECT_FALSE(preloads(session, "/js/pages/admin.js"));
    EXPECT_NE(session.find("<script type=\"application/json\" id=\"kl-routes\">"), std::string::npos);
    auto login = https(server.port(), "GET", "/login").body;
    EXPECT_TRUE(preloads(login, "/js/pages/login.js"));
    EXPECT_FALSE(preloads(login, "/js/pages/session.js"));
    EXPECT_FALSE(preloads(login, "/js/session/workspace.js"));
    auto unknown = https(server.port(), "GET", "/bestaat/niet").body;
    EXPECT_TRUE(preloads(unknown, "/js/pages/notfound.js"));
    EXPECT_FALSE(preloads(unknown, "/js/pages/login.js"));
}

TEST_F(ServerTest, TheShellsInlineScriptIsAllowedByItsHashAlone) {
    auto shell = https(server.port(), "GET", "/");
    auto start = shell.body.find("<script>");
    ASSERT_NE(start, std::string::npos) << "index.html opens the WebSocket early";
    start += std::string_view("<script>").size();
    auto script = shell.body.substr(start, shell.body.find("</script>", start) - start);
    auto hash = "'sha256-" + kl::app::base64_encode(kl::app::sha256(script)) + "'";
    auto policy = shell.header("content-security-policy");
    EXPECT_NE(policy.find(hash), std::string::npos) << policy;
    EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos);
}

TEST_F(ServerTest, VersionedFilesAreImmutableAndAnswer304) {
    auto shell = https(server.port(), "GET", "/").body;
    auto main = versioned(shell, "/js/main.js");
    ASSERT_FALSE(main.empty()) << shell;
    auto script = https(server.port(), "GET", main);
    ASSERT_EQ(script.status, 200);
    EXPECT_EQ(script.header("cache-control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(script.header("content-type"), "text/javascript; charset=utf-8");
    auto again = https(server.port(), "GET", main, "", with({{"If-None-Match", script.header("etag")}}));
    EXPECT_EQ(again.status, 304);
    EXPECT_EQ(again.header("cache-control"), "public, max-age=31536000, immutable");
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(https(server.port(), "GET", main, "", with({{"If-None-Match", "\"other\""}})).status, 200);
    // Without its version (or with an old one) a file is revalidated, not kept.
    EXPECT_EQ(https(server.port(), "GET", "/js/main.js").header("cache-control"), "no-cache");
    EXPECT_EQ(https(server.port(), "GET", "/js/main.js?v=old").header("cache-control"), "no-cache");
}

TEST_F(ServerTest, HeadSaysTheRealLength) {
    auto main = versioned(https(server.port(), "GET", "/").body, "/js/main.js");
    auto get = https(server.port(), "GET", main);
    auto head = https(server.port(), "HEAD", main);
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(head.header("content-length"), std::to_string(get.body.size()));
    EXPECT_EQ(head.header("etag"), get.header("etag"));
    auto compressed = https(server.port(), "HEAD", main, "", with({{"Accept-Encoding", "br"}}));
    auto compressed_get = https(server.port(), "GET", main, "", with({{"Accept-Encoding", "br"}}));
    EXPECT_EQ(compressed.header("content-length"), std::to_string(compressed_get.body.size()));
    EXPECT_LT(compressed_get.body.size(), get.body.size());
}

TEST_F(ServerTest, CompressedByAcceptEncodingEachWithItsOwnEtag) {
    auto plain = https(server.port(), "GET", "/css/app.css");
    auto br = https(server.port(), "GET", "/css/app.css", "", with({{"Accept-Encoding", "gzip, deflate, br"}}));
    auto gz = https(server.port(), "GET", "/css/app.css", "", with({{"Accept-Encoding", "gzip;q=1, br;q=0.5"}}));
    EXPECT_EQ(plain.header("content-encoding"), "");
    EXPECT_EQ(br.header("content-encoding"), "br");
    EXPECT_EQ(gz.header("content-encoding"), "gzip");
    for (const auto* answer : {&plain, &br, &gz}) EXPECT_EQ(answer->header("vary"), "Accept-Encoding");
    EXPECT_NE(plain.header("etag"), br.header("etag"));
    EXPECT_NE(br.header("etag"), gz.header("etag"));
    EXPECT_LT(br.body.size(), plain.body.size() / 3);
    EXPECT_EQ(gz.body.substr(0, 2), std::string("\x1f\x8b")) << "a gzip stream";
    // The brotli tag does not revalidate the gzip representation.
    EXPECT_EQ(https(server.port(), "GET", "/css/app.css", "", with({{"Accept-Encoding", "gzip"}, {"If-None-Match", br.header("etag")}})).status, 200);
}

TEST_F(ServerTest, ApiAnswersAreNeverCompressed) {
    auto cookie = setup_admin();
    auto options = same_origin(cookie);
    options.headers = {{"Accept-Encoding", "gzip, deflate, br"}};
    auto me = https(server.port(), "GET", "/api/me", "", options);
    EXPECT_EQ(me.status, 200);
    EXPECT_EQ(me.header("content-encoding"), "");
    EXPECT_EQ(me.header("cache-control"), "no-store");
    EXPECT_EQ(me.json()["user"]["email"], "beheer@ess.example");
    // The shell's preload (?boot) is the same answer.
    EXPECT_EQ(https(server.port(), "GET", "/api/me?boot", "", options).json()["user"]["email"], "beheer@ess.example");
}

}  // namespace
