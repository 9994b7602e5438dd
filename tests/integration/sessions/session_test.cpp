// Sessions, membership and the event stream, against the real server over TLS.
#include "support/fixture.hpp"

using namespace kl::test;
using nlohmann::json;

namespace {

class SessionTest : public ServerTest {
protected:
    std::unique_ptr<WsClient> moderator;
    json member_user;
    std::string member_cookie;
    std::string session;
    std::int64_t head = 0;

    void SetUp() override {
        moderator = std::make_unique<WsClient>(server.port(), ws_options(setup_admin()));
        std::tie(member_user, member_cookie) = make_user(*moderator, "lid@gemeente.example");
        auto created = moderator->request("session.create", {{"title", "Casusoverleg Noord"}, {"premoderation", true}});
        ASSERT_EQ(created["ok"], true) << created.dump();
        EXPECT_EQ(created["session"]["my_role"], "moderator");
        session = created["session"]["id"];
        auto added = moderator->request("member.add", {{"session", session}, {"user", member_user["id"]}, {"role", "participant"}});
        ASSERT_EQ(added["ok"], true) << added.dump();
        head = moderator->request("session.state", {{"session", session}})["head_seq"];
    }

    json rename(const std::string& title) {
        return moderator->request("session.update", {{"session", session}, {"title", title}});
    }

};

TEST_F(SessionTest, AMemberSeesTheSessionAndReceivesLiveEvents) {
    WsClient member(server.port(), ws_options(member_cookie));
    auto list = member.request("session.list");
    ASSERT_EQ(list["sessions"].size(), 1u);
    EXPECT_EQ(list["sessions"][0]["my_role"], "participant");
    auto state = member.request("session.state", {{"session", session}});
    ASSERT_EQ(state["ok"], true);
    EXPECT_EQ(state["members"].size(), 2u);
    auto subscribed = member.request("session.subscribe", {{"session", session}, {"after_seq", state["head_seq"]}});
    EXPECT_EQ(subscribed["head_seq"], state["head_seq"]);
    ASSERT_EQ(rename("Casusoverleg Noord (2)")["ok"], true);
    auto event = next_event(member);
    EXPECT_EQ(event["seq"], head + 1);
    EXPECT_EQ(event["session"], session);
    EXPECT_EQ(event["event"]["kind"], "session.updated");
    EXPECT_EQ(event["event"]["session"]["title"], "Casusoverleg Noord (2)");
    EXPECT_FALSE(event["event"]["session"].contains("my_role"));
    EXPECT_FALSE(event["event"]["session"].contains("my_rights"));
}

TEST_F(SessionTest, AReconnectingClientGetsExactlyTheMissedEventsInOrder) {
    std::int64_t last_seen;
    {
        WsClient member(server.port(), ws_options(member_cookie));
        member.request("session.subscribe", {{"session", session}, {"after_seq", head}});
        ASSERT_EQ(rename("voor de onderbreking")["ok"], true);
        last_seen = next_event(member)["seq"];
    }  // disconnected
    for (int i = 0; i < 100; ++i) ASSERT_EQ(rename("titel " + std::to_string(i))["ok"], true);
    WsClient member(server.port(), ws_options(member_cookie));
    auto answer = member.request("session.subscribe", {{"session", session}, {"after_seq", last_seen}});
    ASSERT_EQ(answer["ok"], true);
    EXPECT_EQ(answer["head_seq"], last_seen + 100);
    for (int i = 0; i < 100; ++i) {
        auto event = next_event(member);
        EXPECT_EQ(event["seq"], last_seen + 1 + i);
        EXPECT_EQ(event["event"]["session"]["title"], "titel " + std::to_string(i));
    }
    ASSERT_EQ(rename("live daarna")["ok"], true);
    EXPECT_EQ(next_event(member)["seq"], last_seen + 101);  // no duplicates, no gap
}

TEST_F(SessionTest, ASubscriptionBeyondTheKnownHeadMustResync) {
    WsClient member(server.port(), ws_options(member_cookie));
    auto answer = member.request("session.subscribe", {{"session", session}, {"after_seq", head + 50}});
    EXPECT_EQ(answer["error"]["code"], "resync_required");
    EXPECT_EQ(member.request("session.subscribe", {{"session", session}, {"after_seq", head}})["ok"], true);
}

TEST_F(SessionTest, NonMembersSeeNothing) {
    auto [outsider, cookie] = make_user(*moderator, "buiten@gemeente.example", "staff");
    WsClient client(server.port(), ws_options(cookie));
    EXPECT_EQ(client.request("session.state", {{"session", session}})["error"]["code"], "forbidden");
    EXPECT_EQ(client.request("session.subscribe", {{"session", session}, {"after_seq", 0}})["error"]["code"], "forbidden");
    EXPECT_EQ(client.request("member.add", {{"session", session}, {"user", outsider["id"]}, {"role", "moderator"}})["error"]["code"],
              "forbidden");
    EXPECT_TRUE(client.request("session.list")["sessions"].empty());
    EXPECT_EQ(client.request("session.state", {{"session", "987654"}})["error"]["code"], "not_found");
}

TEST_F(SessionTest, ParticipantsCannotModerate) {
    WsClient member(server.port(), ws_options(member_cookie));
    EXPECT_EQ(member.request("session.update", {{"session", session}, {"title", "x"}})["error"]["code"], "forbidden");
    EXPECT_EQ(member.request("session.archive", {{"session", session}})["error"]["code"], "forbidden");
    EXPECT_EQ(member.request("member.remove", {{"session", session}, {"user", member_user["id"]}})["error"]["code"],
              "forbidden");
    EXPECT_EQ(member.request("session.create", {{"title", "eigen sessie"}})["error"]["code"], "forbidden");
}

TEST_F(SessionTest, ARemovedMemberStopsReceivingEvents) {
    WsClient member(server.port(), ws_options(member_cookie));
    member.request("session.subscribe", {{"session", session}, {"after_seq", head}});
    ASSERT_EQ(moderator->request("member.remove", {{"session", session}, {"user", member_user["id"]}})["ok"], true);
    auto removed = next_event(member);
    EXPECT_EQ(removed["event"]["kind"], "member.removed");
    EXPECT_EQ(removed["event"]["user"]["id"], member_user["id"]);
    ASSERT_EQ(rename("na het verwijderen")["ok"], true);
    // The answer to a later request arrives with no event before it.
    EXPECT_EQ(member.request("hello")["ok"], true);
    for (const auto& frame : member.take_kept()) EXPECT_NE(frame["type"], "event") << frame.dump();
}

TEST_F(SessionTest, StaleVersionsConflictAndArchivedSessionsAreLocked) {
    auto state = moderator->request("session.state", {{"session", session}});
    auto version = state["session"]["version"].get<int>();
    ASSERT_EQ(moderator->request("session.update", {{"session", session}, {"version", version}, {"title", "A"}})["ok"], true);
    auto stale = moderator->request("session.update", {{"session", session}, {"version", version}, {"title", "B"}});
    EXPECT_EQ(stale["error"]["code"], "conflict");
    EXPECT_EQ(stale["session"]["title"], "A");
    ASSERT_EQ(moderator->request("session.archive", {{"session", session}})["ok"], true);
    EXPECT_EQ(rename("na archiveren")["error"]["code"], "locked");
    WsClient member(server.port(), ws_options(member_cookie));
    auto archived = member.request("session.state", {{"session", session}});
    EXPECT_EQ(archived["session"]["archived"], true);  // still readable by its members
}

TEST_F(SessionTest, PresenceShowsWhoIsSubscribed) {
    WsClient member(server.port(), ws_options(member_cookie));
    moderator->request("session.subscribe", {{"session", session}, {"after_seq", head}});
    member.request("session.subscribe", {{"session", session}, {"after_seq", head}});
    auto state = member.request("session.state", {{"session", session}});
    EXPECT_EQ(state["online"].size(), 2u);
    for (;;) {
        auto frame = moderator->next_frame();
        ASSERT_TRUE(frame);
        if ((*frame)["type"] == "presence" && (*frame)["online"].size() == 2u) break;
    }
}

TEST_F(SessionTest, PresenceCountsAUserOnceUntilTheirLastConnectionEnds) {
    ASSERT_EQ(moderator->request("session.subscribe", {{"session", session}, {"after_seq", head}})["ok"], true);
    auto online_now = [&] { return moderator->request("session.state", {{"session", session}})["online"].size(); };
    {
        WsClient first_tab(server.port(), ws_options(member_cookie));
        WsClient second_tab(server.port(), ws_options(member_cookie));
        ASSERT_EQ(first_tab.request("session.subscribe", {{"session", session}, {"after_seq", head}})["ok"], true);
        ASSERT_EQ(second_tab.request("session.subscribe", {{"session", session}, {"after_seq", head}})["ok"], true);
        EXPECT_EQ(online_now(), 2u);  // the moderator and the member, once
        ASSERT_EQ(first_tab.request("session.unsubscribe", {{"session", session}})["ok"], true);
        EXPECT_EQ(online_now(), 2u);  // still there in the second tab
    }
    // The last connection closed: the moderator hears that the member left.
    for (;;) {
        auto frame = moderator->next_frame();
        ASSERT_TRUE(frame);
        if ((*frame)["type"] == "presence" && (*frame)["online"].size() == 1u) break;
    }
    EXPECT_EQ(online_now(), 1u);
}

}  // namespace
