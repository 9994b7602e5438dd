// Invitations against the real server over TLS, with a clock the test moves: links
// that work once, accounts that cannot be taken over, and guest access that ends on
// the server, not only in the browser.
#include "server/app/core/clock.hpp"
#include "storage/audit.hpp"
#include "storage/connection.hpp"
#include "support/fixture.hpp"

#include <set>

using namespace kl::test;
using nlohmann::json;

namespace {

class InvitationTest : public ClockHolder, public ServerTest {
protected:
    InvitationTest() : ServerTest(&clock) {}

    std::unique_ptr<WsClient> moderator;
    std::string session;

    void SetUp() override {
        moderator = std::make_unique<WsClient>(server.port(), ws_options(setup_admin()));
        auto created = moderator->request("session.create", {{"title", "Kennislab Zuid"}, {"ends_at", "2030-03-01T00:00:00Z"}});
        ASSERT_EQ(created["ok"], true) << created.dump();
        session = created["session"]["id"];
    }

    json invite(const std::string& role, json extra = json::object()) {
        extra["session"] = session;
        extra["role"] = role;
        if (!extra.contains("expires_in_hours")) extra["expires_in_hours"] = 48;
        return moderator->request("invite.create", extra);
    }

    void advance(std::chrono::seconds by) { clock.set(clock.now() + by); }
};

TEST_F(InvitationTest, AnExpertJoinsThroughTheLinkOnce) {
    auto created = invite("expert", {{"note", "Welkom bij het kennislab"}, {"display_name", "Dr. Gast"}});
    ASSERT_EQ(created["ok"], true) << created.dump();
    EXPECT_EQ(created["invitation"]["status"], "open");
    EXPECT_EQ(created["invitation"]["access_until"], "2030-03-01T00:00:00Z");  // defaults to the session's end
    auto token = token_of(created);
    EXPECT_EQ(token.size(), 43u);  // 256 bits, base64url

    auto info = https(server.port(), "GET", "/api/invitations/" + token);
    ASSERT_EQ(info.status, 200) << info.body;
    EXPECT_EQ(info.json()["session_title"], "Kennislab Zuid");
    EXPECT_EQ(info.json()["role"], "expert");
    EXPECT_EQ(info.json()["invited_by"], "Bea Beheer");

    auto accepted = accept_invitation(token, newcomer("gast@universiteit.example"));
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_EQ(accepted.json()["session"], session);
    WsClient guest(server.port(), ws_options(accepted.login_cookie()));
    auto sessions = guest.request("session.list");
    ASSERT_EQ(sessions["sessions"].size(), 1u);
    EXPECT_EQ(sessions["sessions"][0]["my_role"], "expert");
    // Nothing more than the invitation's role in its one session.
    EXPECT_EQ(guest.request("session.create", {{"title", "eigen"}})["error"]["code"], "forbidden");
    EXPECT_EQ(guest.request("invite.create", {{"session", session}, {"role", "participant"}, {"expires_in_hours", 1}})["error"]["code"],
              "forbidden");

    EXPECT_EQ(https(server.port(), "GET", "/api/invitations/" + token).status, 410);
    EXPECT_EQ(accept_invitation(token, newcomer("tweede@universiteit.example")).status, 410);
    EXPECT_EQ(https(server.port(), "GET", "/api/invitations/onbekendtokenonbekendtokenonbekendtoken1234").status, 404);
    auto list = moderator->request("invite.list", {{"session", session}});
    ASSERT_EQ(list["invitations"].size(), 1u);
    EXPECT_EQ(list["invitations"][0]["status"], "used");
    EXPECT_EQ(list["invitations"][0]["used_by"]["display_name"], "Dr. Gast");
}

TEST_F(InvitationTest, AnInvitationCannotTakeOverAnExistingAccount) {
    auto [member, cookie] = make_user(*moderator, "bestaand@gemeente.example");
    auto token = token_of(invite("participant"));
    auto taken = accept_invitation(token, newcomer("bestaand@gemeente.example"));
    EXPECT_EQ(taken.status, 409) << taken.body;
    EXPECT_EQ(login("bestaand@gemeente.example", "gast-wachtwoord-123").status, 401);  // password unchanged
    // Logged in, the owner accepts with one click.
    auto accepted = accept_invitation(token, json::object(), cookie);
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_EQ(accepted.json()["user"]["id"], member["id"]);
    WsClient client(server.port(), ws_options(cookie));
    EXPECT_EQ(client.request("session.state", {{"session", session}})["session"]["my_role"], "participant");
}

TEST_F(InvitationTest, ExpiredAndRevokedLinksAreGone) {
    auto expiring = token_of(invite("observer", {{"expires_in_hours", 1}}));
    advance(std::chrono::hours(2));
    EXPECT_EQ(https(server.port(), "GET", "/api/invitations/" + expiring).status, 410);
    EXPECT_EQ(accept_invitation(expiring, newcomer("laat@gemeente.example")).status, 410);

    auto created = invite("participant");
    ASSERT_EQ(moderator->request("invite.revoke", {{"invitation", created["invitation"]["id"]}})["ok"], true);
    EXPECT_EQ(accept_invitation(token_of(created), newcomer("ingetrokken@gemeente.example")).status, 410);
    EXPECT_EQ(moderator->request("invite.list", {{"session", session}})["invitations"][0]["status"], "revoked");
}

TEST_F(InvitationTest, GuestAccessEndsOnTheServerWhenTheClockSaysSo) {
    auto created = invite("expert", {{"access_until", "2030-01-01T00:00:00Z"}});
    auto accepted = accept_invitation(token_of(created), newcomer("gast@universiteit.example"));
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    WsClient guest(server.port(), ws_options(accepted.login_cookie()));
    ASSERT_EQ(guest.request("session.subscribe", {{"session", session}, {"after_seq", 0}})["ok"], true);
    auto closed = std::async(std::launch::async, [&] { return guest.wait_for_close(std::chrono::seconds(20)); });

    clock.set(kl::app::TimePoint(std::chrono::seconds(1'893'456'001)));  // 2030-01-01T00:00:01Z
    EXPECT_EQ(closed.get(), 4403);  // the housekeeping step closed the connection
    WsClient again(server.port(), ws_options(accepted.login_cookie()));
    EXPECT_EQ(again.request("session.state", {{"session", session}})["error"]["code"], "forbidden");
    EXPECT_EQ(again.request("session.subscribe", {{"session", session}, {"after_seq", 0}})["error"]["code"], "forbidden");
    EXPECT_TRUE(again.request("session.list")["sessions"].empty());

    // The moderator gives the guest more time; access returns.
    ASSERT_EQ(moderator->request("invite.extend", {{"invitation", created["invitation"]["id"]}, {"access_until", "2030-02-01T00:00:00Z"}})["ok"],
              true);
    EXPECT_EQ(again.request("session.state", {{"session", session}})["ok"], true);
    // Ending every guest's access at once.
    auto ended = moderator->request("session.end_guest_access", {{"session", session}});
    EXPECT_EQ(ended["ended"], 1);
    EXPECT_EQ(again.wait_for_close(std::chrono::seconds(20)), 4403);
}

TEST_F(InvitationTest, HistoryFromJoinHidesEarlierEvents) {
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(moderator->request("session.update", {{"session", session}, {"title", "voor " + std::to_string(i)}})["ok"], true);
    auto head = moderator->request("session.state", {{"session", session}})["head_seq"].get<std::int64_t>();
    auto accepted = accept_invitation(token_of(invite("expert", {{"history", "from_join"}})), newcomer("nieuw@universiteit.example"));
    ASSERT_EQ(accepted.status, 200);
    WsClient guest(server.port(), ws_options(accepted.login_cookie()));
    ASSERT_EQ(guest.request("session.subscribe", {{"session", session}, {"after_seq", 0}})["ok"], true);
    ASSERT_EQ(moderator->request("session.update", {{"session", session}, {"title", "na"}})["ok"], true);
    for (;;) {
        auto frame = guest.next_frame();
        ASSERT_TRUE(frame);
        if ((*frame)["type"] != "event") continue;
        EXPECT_GT((*frame)["seq"].get<std::int64_t>(), head) << frame->dump();
        if ((*frame)["event"]["kind"] == "session.updated") break;
    }
}

TEST_F(InvitationTest, AFromJoinGuestSeesNoContentFromBeforeJoining) {
    auto old_thread = moderator->request("thread.create", {{"session", session}, {"title", "Oude casus"}, {"kind", "casus"},
                                                           {"body", "Oud bericht over de haven."}});
    ASSERT_EQ(old_thread["ok"], true);
    auto columns = moderator->request("session.state", {{"session", session}})["board"]["columns"];
    ASSERT_EQ(moderator->request("board.card.create", {{"session", session}, {"column", columns[0]["id"]}, {"title", "Oude kaart"}})["ok"], true);
    ASSERT_EQ(moderator->request("notes.block.create", {{"session", session}, {"kind", "decision"}, {"text", "Oude afspraak over de haven."}})["ok"], true);
    ASSERT_EQ(moderator->request("notes.publish", {{"session", session}})["ok"], true);
    advance(std::chrono::seconds(60));
    auto accepted = accept_invitation(token_of(invite("expert", {{"history", "from_join"}})), newcomer("later@universiteit.example"));
    ASSERT_EQ(accepted.status, 200);
    WsClient guest(server.port(), ws_options(accepted.login_cookie()));
    auto state = guest.request("session.state", {{"session", session}});
    ASSERT_EQ(state["ok"], true);
    EXPECT_TRUE(state["threads"].empty()) << state["threads"].dump();
    EXPECT_TRUE(state["board"]["cards"].empty());
    EXPECT_TRUE(state["notes"].empty());
    EXPECT_TRUE(guest.request("search", {{"session", session}, {"q", "haven"}})["hits"].empty());
    // A new post in the old thread brings the thread back, with only what is new.
    advance(std::chrono::seconds(60));
    ASSERT_EQ(moderator->request("post.create", {{"thread", old_thread["thread"]["id"]}, {"body", "Nieuw bericht over de haven."},
                                                 {"client_msg_id", "nieuw-1"}})["ok"], true);
    state = guest.request("session.state", {{"session", session}});
    ASSERT_EQ(state["threads"].size(), 1u);
    auto posts = guest.request("thread.posts", {{"thread", old_thread["thread"]["id"]}})["posts"];
    ASSERT_EQ(posts.size(), 1u);
    EXPECT_EQ(posts[0]["body"], "Nieuw bericht over de haven.");
    auto report = https(server.port(), "GET", "/api/sessions/" + session + "/export?format=md", "", {"", accepted.login_cookie()});
    ASSERT_EQ(report.status, 200);
    EXPECT_EQ(report.body.find("Oud bericht"), std::string::npos);
    EXPECT_EQ(report.body.find("Oude afspraak"), std::string::npos);
    EXPECT_NE(report.body.find("Nieuw bericht over de haven."), std::string::npos);
    // A guest with the full history sees it all.
    auto full = accept_invitation(token_of(invite("expert")), newcomer("alles@universiteit.example"));
    WsClient full_guest(server.port(), ws_options(full.login_cookie()));
    EXPECT_EQ(full_guest.request("thread.posts", {{"thread", old_thread["thread"]["id"]}})["posts"].size(), 2u);
    EXPECT_EQ(full_guest.request("session.state", {{"session", session}})["notes"].size(), 1u);
}

TEST_F(InvitationTest, OnlyModeratorsInviteAndEverythingIsAudited) {
    auto [member, cookie] = make_user(*moderator, "lid@gemeente.example");
    ASSERT_EQ(moderator->request("member.add", {{"session", session}, {"user", member["id"]}, {"role", "participant"}})["ok"], true);
    WsClient participant(server.port(), ws_options(cookie));
    EXPECT_EQ(participant.request("invite.create", {{"session", session}, {"role", "expert"}, {"expires_in_hours", 1}})["error"]["code"],
              "forbidden");
    EXPECT_EQ(participant.request("invite.list", {{"session", session}})["error"]["code"], "forbidden");
    EXPECT_EQ(invite("moderator")["error"]["code"], "bad_request");
    EXPECT_EQ(invite("expert", {{"expires_in_hours", 0}})["error"]["code"], "bad_request");
    EXPECT_EQ(invite("expert", {{"access_until", "2020-01-01T00:00:00Z"}})["error"]["code"], "bad_request");

    auto created = invite("expert");
    ASSERT_EQ(accept_invitation(token_of(created), newcomer("gast@universiteit.example")).status, 200);
    ASSERT_EQ(moderator->request("invite.revoke", {{"invitation", created["invitation"]["id"]}})["ok"], true);
    auto db = kl::storage::open_database(server.database_path(), kl::storage::OpenMode::read_only);
    std::set<std::string> actions;
    for (const auto& entry : kl::storage::list_audit(db, std::nullopt, std::nullopt, 100)) actions.insert(entry.action);
    for (const auto* action : {"invite.create", "invite.accept", "invite.revoke"}) EXPECT_TRUE(actions.count(action)) << action;
}

TEST_F(InvitationTest, RedemptionAttemptsAreRateLimited) {
    int limited = 0;
    for (int i = 0; i < 12; ++i)
        if (accept_invitation("onbekendtokenonbekendtokenonbekendtoken" + std::to_string(1000 + i), newcomer("x@y.example")).status == 429) ++limited;
    EXPECT_EQ(limited, 2);
}

}  // namespace
