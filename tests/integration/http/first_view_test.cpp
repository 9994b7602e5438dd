// The shell with the first view's data (server/net/first_view.hpp) over TLS: only for a
// valid login, personal (private, uncompressed, no validator), the same login and
// answer as /api/me and the WebSocket give, and safe from data that looks like markup.
#include "support/first_view.hpp"
#include "support/fixture.hpp"
#include "support/request_options.hpp"

using namespace kl::test;
using nlohmann::json;

namespace {

class FirstViewTest : public SessionMembersTest {};

TEST_F(FirstViewTest, ASignedOutOrUnknownLoginGetsThePlainShell) {
    for (const std::string cookie : {"", "niet-een-geldige-login"}) {
        for (const std::string& path : std::vector<std::string>{"/", "/sessions/" + session, "/sessions/" + session + "/terugblik"}) {
            auto shell = https(server.port(), "GET", path, "", with({}, cookie));
            ASSERT_EQ(shell.status, 200) << path;
            EXPECT_FALSE(first_view_text(shell.body)) << path;
            EXPECT_EQ(shell.header("cache-control"), "no-cache") << path;
            EXPECT_FALSE(shell.header("etag").empty()) << path;
            EXPECT_NE(shell.body.find("/api/me?boot"), std::string::npos) << path;
        }
    }
}

TEST_F(FirstViewTest, APageWithoutFirstDataGetsThePlainShellAlsoSignedIn) {
    auto shell = https(server.port(), "GET", "/beveiliging", "", with({}, participant_cookie));
    ASSERT_EQ(shell.status, 200);
    EXPECT_FALSE(first_view_text(shell.body));
    EXPECT_EQ(shell.header("cache-control"), "no-cache");
}

TEST_F(FirstViewTest, TheStartPageCarriesTheLoginAndTheSessionListAsTheyAreAnswered) {
    auto shell = https(server.port(), "GET", "/", "", with({{"Accept-Encoding", "br, gzip"}}, participant_cookie));
    ASSERT_EQ(shell.status, 200);
    // Personal, next to text others chose: never in a shared cache, never compressed.
    EXPECT_EQ(shell.header("cache-control"), "no-cache, private");
    EXPECT_EQ(shell.header("content-encoding"), "");
    EXPECT_EQ(shell.header("etag"), "");
    EXPECT_EQ(shell.header("vary"), "");
    EXPECT_NE(shell.header("content-security-policy").find("script-src 'self' 'sha256-"), std::string::npos);
    // The login is in the page: no preload of /api/me.
    EXPECT_EQ(shell.body.find("/api/me?boot"), std::string::npos);
    auto text = first_view_text(shell.body);
    ASSERT_TRUE(text);
    auto me = https(server.port(), "GET", "/api/me", "", with({}, participant_cookie));
    EXPECT_EQ(json::parse(*text)["me"], me.json());
    EXPECT_EQ(first_view_answer(shell.body, "session.list", json::object()), without_re(participant->request("session.list")));
}

TEST_F(FirstViewTest, TheSessionPageAndTerugblikCarryTheSessionStateAsTheWebSocketAnswersIt) {
    for (const std::string& path : std::vector<std::string>{"/sessions/" + session, "/sessions/" + session + "/terugblik/"}) {
        auto shell = https(server.port(), "GET", path, "", with({}, observer_cookie));
        ASSERT_EQ(shell.status, 200) << path;
        auto inline_state = first_view_answer(shell.body, "session.state", {{"session", session}});
        EXPECT_EQ(inline_state["ok"], true) << path;
        EXPECT_EQ(inline_state, without_re(observer->request("session.state", {{"session", session}}))) << path;
    }
}

TEST_F(FirstViewTest, AnUnknownSessionIsAnsweredAsTheWebSocketAnswersIt) {
    auto shell = https(server.port(), "GET", "/sessions/999999", "", with({}, participant_cookie));
    auto inline_state = first_view_answer(shell.body, "session.state", {{"session", "999999"}});
    EXPECT_EQ(inline_state["ok"], false);
    EXPECT_EQ(inline_state, without_re(participant->request("session.state", {{"session", "999999"}})));
    // Not an id at all: no data.
    auto odd = https(server.port(), "GET", "/sessions/%3Cscript%3E", "", with({}, participant_cookie));
    EXPECT_FALSE(first_view_text(odd.body));
}

TEST_F(FirstViewTest, TitlesThatLookLikeMarkupCannotLeaveTheDataBlock) {
    const std::string title = "</script><script>alert(1)</script> <!-- en </SCRIPT";
    auto thread = moderator->request("thread.create", {{"session", session}, {"title", title}, {"kind", "casus"},
                                                       {"body", "<!-- </script><script>alert(2)</script>"}});
    ASSERT_EQ(thread["ok"], true) << thread.dump();
    auto renamed = moderator->request("session.update", {{"session", session}, {"title", "Sessie </script><!--"}});
    ASSERT_EQ(renamed["ok"], true) << renamed.dump();
    for (const std::string& path : std::vector<std::string>{"/", "/sessions/" + session}) {
        auto shell = https(server.port(), "GET", path, "", with({}, participant_cookie));
        auto text = first_view_text(shell.body);
        ASSERT_TRUE(text) << path;
        // Nothing in the block could end it or open a comment or a script.
        EXPECT_EQ(text->find('<'), std::string::npos) << path;
        EXPECT_EQ(text->find('>'), std::string::npos) << path;
        EXPECT_EQ(shell.body.find("<script>alert"), std::string::npos) << path;
        // And the data reads back as written.
        EXPECT_NE(json::parse(*text).dump().find("Sessie </script><!--"), std::string::npos) << path;
    }
    auto state = first_view_answer(https(server.port(), "GET", "/sessions/" + session, "", with({}, participant_cookie)).body,
                                   "session.state", {{"session", session}});
    ASSERT_TRUE(state["threads"].is_array());
    EXPECT_EQ(state["threads"][0]["title"], title);
}

}  // namespace
