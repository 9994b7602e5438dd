// The first view in the page (server/net/first_view.hpp) passes the same visibility
// gate as the WebSocket answer it stands in for: for each viewer the gate treats
// apart, the session.state in the page is exactly the one the WebSocket gives them.
#include "support/first_view.hpp"
#include "support/fixture.hpp"
#include "support/request_options.hpp"

using namespace kl::test;
using nlohmann::json;

namespace {

class FirstViewVisibilityTest : public ClockHolder, public SessionMembersTest {
protected:
    FirstViewVisibilityTest() : SessionMembersTest(&clock) {}

    json session_params() const override {
        return {{"title", "Voorgemodereerd"}, {"premoderation", true}, {"premoderate_participants", true}};
    }

    json thread(WsClient& client, const std::string& title) {
        auto answer = client.request("thread.create", {{"session", session}, {"title", title}, {"kind", "casus"},
                                                       {"body", "Eerste bericht van " + title + "."}});
        EXPECT_EQ(answer["ok"], true) << answer.dump();
        return answer;
    }

    // The session.state in the session page cookie gets, and the one its WebSocket gets.
    std::pair<json, json> both_states(const std::string& cookie, WsClient& client) {
        auto shell = https(server.port(), "GET", "/sessions/" + session, "", with({}, cookie));
        EXPECT_EQ(shell.status, 200);
        return {first_view_answer(shell.body, "session.state", {{"session", session}}),
                without_re(client.request("session.state", {{"session", session}}))};
    }

    static bool mentions(const json& value, const std::string& text) { return value.dump().find(text) != std::string::npos; }
};

TEST_F(FirstViewVisibilityTest, AFromJoinGuestSeesNothingFromBeforeJoiningInThePage) {
    thread(*moderator, "Van voor de deelname");
    clock.set(clock.now() + std::chrono::seconds(60));
    auto cookie = join_from_now("gast@universiteit.example");
    clock.set(clock.now() + std::chrono::seconds(60));
    WsClient guest(server.port(), ws_options(cookie));
    thread(*moderator, "Na de deelname");
    auto [in_page, over_socket] = both_states(cookie, guest);
    EXPECT_EQ(in_page, over_socket);
    EXPECT_FALSE(mentions(in_page, "Van voor de deelname")) << in_page.dump();
    EXPECT_TRUE(mentions(in_page, "Na de deelname")) << in_page.dump();
    // The allowed case: a member with the full history sees both.
    auto [observer_page, observer_socket] = both_states(observer_cookie, *observer);
    EXPECT_EQ(observer_page, observer_socket);
    EXPECT_TRUE(mentions(observer_page, "Van voor de deelname"));
}

TEST_F(FirstViewVisibilityTest, AMemberOfAnotherSessionGetsTheRefusalTheWebSocketGives) {
    auto [outsider, outsider_cookie] = make_user(*moderator, "elders@gemeente.example");
    auto other = moderator->request("session.create", {{"title", "Een andere sessie"}});
    ASSERT_EQ(other["ok"], true) << other.dump();
    add_members(*moderator, other["session"]["id"], {{&outsider, "participant"}});
    thread(*moderator, "Alleen voor leden");
    WsClient client(server.port(), ws_options(outsider_cookie));
    auto [in_page, over_socket] = both_states(outsider_cookie, client);
    EXPECT_EQ(in_page["ok"], false) << in_page.dump();
    EXPECT_EQ(in_page, over_socket);
    EXPECT_FALSE(mentions(in_page, "Alleen voor leden"));
    EXPECT_FALSE(mentions(in_page, "Voorgemodereerd"));
}

TEST_F(FirstViewVisibilityTest, APendingThreadIsInThePageOfItsAuthorAndTheModeratorsOnly) {
    auto pending = thread(*participant, "Zorgen over een buurtbewoner");
    ASSERT_EQ(pending["thread"]["pending"], true) << pending.dump();
    for (auto [cookie, client, sees] : {std::tuple{participant_cookie, participant.get(), true},
                                        std::tuple{moderator_cookie, moderator.get(), true},
                                        std::tuple{observer_cookie, observer.get(), false},
                                        std::tuple{expert_cookie, expert.get(), false}}) {
        auto [in_page, over_socket] = both_states(cookie, *client);
        EXPECT_EQ(in_page, over_socket);
        EXPECT_EQ(mentions(in_page, "Zorgen over een buurtbewoner"), sees) << in_page.dump();
    }
}

}  // namespace
