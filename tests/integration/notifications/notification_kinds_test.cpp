// The notification kinds against the real server over TLS, each made where its change
// is made: post.approved / post.rejected for the author, queue.waiting for the
// moderators (once per batch), note.published for every member who may see it,
// action.assigned for the member an action names, invite.accepted for the inviter,
// and the mentions of post.edit. Each is made for the right people, never for the
// one who acted, never for someone who may not see it, and disappears once what it
// is about becomes invisible to them.
#include "notifications/notification_fixture.hpp"

using namespace kl::test;
using nlohmann::json;

namespace {

class NotificationKindsTest : public NotificationFixture {
protected:
    std::unique_ptr<WsClient> second_moderator;
    json second_moderator_user;

    // Experts' posts wait for approval; participants' do not.
    json session_params() const override {
        return {{"title", "Kennislab Noordkust"}, {"premoderation", true}, {"premoderate_participants", false}};
    }

    void SetUp() override {
        NotificationFixture::SetUp();
        std::string cookie;
        std::tie(second_moderator_user, cookie) = make_user(*moderator, "tweede@ess.example");
        add_members(*moderator, session, {{&second_moderator_user, "moderator"}});
        second_moderator = std::make_unique<WsClient>(server.port(), ws_options(cookie));
    }

    json block(const json& params) {
        json extra = params;
        extra["session"] = session;
        return moderator->request("notes.block.create", extra);
    }
};

TEST_F(NotificationKindsTest, ApprovalAndRejectionNotifyTheAuthorAloneAndGoWithAHiddenPost) {
    auto first = post(*expert, "Mijn eerste bijdrage, met vertrouwelijke details.");
    ASSERT_EQ(first["post"]["state"], "pending") << first.dump();
    auto approved = moderator->request("mod.approve", {{"post", first["post"]["id"]}});
    ASSERT_EQ(approved["ok"], true) << approved.dump();

    auto mine = list(*expert);
    ASSERT_EQ(mine.size(), 1u) << mine.dump();
    EXPECT_EQ(mine[0]["kind"], "post.approved");
    EXPECT_EQ(mine[0]["post"], first["post"]["id"]);
    EXPECT_EQ(mine[0]["thread"], thread);
    EXPECT_EQ(mine[0]["title"], "Je bericht in “Casus Noordkust” is goedgekeurd");
    EXPECT_EQ(mine.dump().find("vertrouwelijke"), std::string::npos) << "no post text in a notification";
    // Not the moderator who approved, not anyone else.
    EXPECT_EQ(count(*moderator, "post.approved"), 0);
    EXPECT_EQ(count(*second_moderator, "post.approved"), 0);
    EXPECT_EQ(count(*participant, "post.approved"), 0);

    auto second = post(*expert, "Nog een bijdrage.");
    ASSERT_EQ(moderator->request("mod.reject", {{"post", second["post"]["id"]}, {"reason", "Dubbel."}})["ok"], true);
    auto after = list(*expert);
    ASSERT_EQ(after.size(), 2u) << after.dump();
    EXPECT_EQ(after[0]["kind"], "post.rejected");
    EXPECT_EQ(after[0]["title"], "Je bericht in “Casus Noordkust” is afgewezen");
    EXPECT_EQ(after.dump().find("Dubbel"), std::string::npos) << "no reason in a notification";
    EXPECT_EQ(count(*participant, "post.rejected"), 0);

    // The approved post is hidden since: its notification goes with it.
    ASSERT_EQ(moderator->request("mod.hide", {{"post", first["post"]["id"]}, {"reason", "Buiten de orde."}})["ok"], true);
    EXPECT_EQ(kinds(*expert), (std::vector<std::string>{"post.rejected"}));

    // A participant cannot approve: refused, and nobody is notified.
    auto third = post(*expert, "Derde bijdrage.");
    EXPECT_EQ(code_of(participant->request("mod.approve", {{"post", third["post"]["id"]}})), "forbidden");
    EXPECT_EQ(kinds(*expert), (std::vector<std::string>{"post.rejected"}));
}

TEST_F(NotificationKindsTest, TheQueueNotifiesEachModeratorOncePerBatchAndAgainAfterReading) {
    ASSERT_EQ(post(*expert, "Wacht op goedkeuring.")["post"]["state"], "pending");
    ASSERT_EQ(post(*expert, "Wacht ook.")["post"]["state"], "pending");
    auto waiting = list(*second_moderator);
    ASSERT_EQ(waiting.size(), 1u) << "one per batch: " << waiting.dump();
    EXPECT_EQ(waiting[0]["kind"], "queue.waiting");
    EXPECT_EQ(waiting[0]["session"], session);
    EXPECT_EQ(waiting[0]["title"], "Er wacht iets op moderatie in “Kennislab Noordkust”");
    EXPECT_FALSE(waiting[0].contains("post")) << "about the queue, not one post";
    EXPECT_EQ(count(*moderator, "queue.waiting"), 1);
    // Nobody else hears of the queue.
    EXPECT_EQ(count(*participant, "queue.waiting"), 0);
    EXPECT_EQ(count(*expert, "queue.waiting"), 0);
    EXPECT_EQ(count(*observer, "queue.waiting"), 0);

    // Read: the next item notifies again; a flag enters the queue as well.
    std::string id = waiting[0]["id"];
    ASSERT_EQ(second_moderator->request("notifications.read", {{"ids", {id}}})["unread"], 0);
    auto visible = post(*participant, "Gewoon een bericht.");
    ASSERT_EQ(visible["post"]["state"], "visible");
    EXPECT_EQ(count(*second_moderator, "queue.waiting"), 1) << "a visible post waits for nobody";
    ASSERT_EQ(observer->request("post.flag", {{"post", visible["post"]["id"]}, {"reason", "Klopt niet."}})["ok"], true);
    EXPECT_EQ(count(*second_moderator, "queue.waiting"), 2);
    EXPECT_EQ(count(*moderator, "queue.waiting"), 1) << "the first is still unread";

    // A moderator who flags is not notified of their own flag; the other one was
    // notified already (unread).
    ASSERT_EQ(second_moderator->request("notifications.read", {{"all", true}})["ok"], true);
    ASSERT_EQ(second_moderator->request("post.flag", {{"post", visible["post"]["id"]}, {"reason", "Ook mij."}})["ok"], true);
    EXPECT_EQ(count(*second_moderator, "queue.waiting"), 2);

    // No longer a moderator: the queue's notifications are gone.
    ASSERT_EQ(moderator->request("member.set_role", {{"session", session}, {"user", second_moderator_user["id"]},
                                                     {"role", "participant"}})["ok"], true);
    EXPECT_EQ(count(*second_moderator, "queue.waiting"), 0);
}

TEST_F(NotificationKindsTest, PublishedNotesNotifyEveryMemberButThePublisherAndGoWithTheBlock) {
    auto created = block({{"kind", "decision"}, {"text", "Geheime afspraak over de aanpak."}});
    ASSERT_EQ(created["ok"], true) << created.dump();
    // A draft notifies nobody.
    EXPECT_EQ(count(*participant, "note.published"), 0);
    EXPECT_EQ(count(*second_moderator, "note.published"), 0);

    auto published = moderator->request("notes.publish", {{"session", session}});
    ASSERT_EQ(published["ok"], true) << published.dump();
    for (auto* client : {participant.get(), expert.get(), observer.get(), second_moderator.get()}) {
        auto mine = list(*client);
        ASSERT_EQ(mine.size(), 1u) << mine.dump();
        EXPECT_EQ(mine[0]["kind"], "note.published");
        EXPECT_EQ(mine[0]["block"], created["block"]["id"]);
        EXPECT_EQ(mine[0]["title"], "Nieuwe aantekeningen in het verslag van “Kennislab Noordkust”");
        EXPECT_EQ(mine.dump().find("Geheime"), std::string::npos) << "no note text in a notification";
    }
    EXPECT_EQ(count(*moderator, "note.published"), 0);

    // A publish with nothing new notifies nobody again.
    ASSERT_EQ(moderator->request("notes.publish", {{"session", session}})["ok"], true);
    EXPECT_EQ(count(*participant, "note.published"), 1);

    // The block is deleted: its notification disappears.
    ASSERT_EQ(moderator->request("notes.block.delete", {{"block", created["block"]["id"]},
                                                        {"version", published["blocks"][0]["version"]}})["ok"], true);
    EXPECT_EQ(count(*participant, "note.published"), 0);
}

TEST_F(NotificationKindsTest, AnActionNotifiesTheMemberItNamesOnceTheyMaySeeIt) {
    std::string participant_name = participant_user["display_name"];  // "Deelnemer deelnemer"
    std::string expert_name = expert_user["display_name"];
    // A draft for a participant: they may not see drafts, so nothing yet.
    auto action = block({{"kind", "action"}, {"text", "Contact leggen met de wijkagent."}, {"owner", " deelnemer DEELNEMER "}});
    ASSERT_EQ(action["ok"], true) << action.dump();
    EXPECT_EQ(count(*participant, "action.assigned"), 0);
    // A draft for a moderator: they may see it at once.
    auto second_name = second_moderator_user["display_name"].get<std::string>();
    ASSERT_EQ(block({{"kind", "action"}, {"text", "Verslag rondsturen."}, {"owner", second_name}})["ok"], true);
    auto theirs = list(*second_moderator);
    ASSERT_EQ(theirs.size(), 1u) << theirs.dump();
    EXPECT_EQ(theirs[0]["kind"], "action.assigned");
    EXPECT_EQ(theirs[0]["title"], "Er staat een actiepunt op je naam in “Kennislab Noordkust”");
    // A team is nobody's name: nobody is notified.
    ASSERT_EQ(block({{"kind", "action"}, {"text", "Navragen."}, {"owner", "Team Noord"}})["ok"], true);

    auto published = moderator->request("notes.publish", {{"session", session}});
    ASSERT_EQ(published["ok"], true) << published.dump();
    auto mine = list(*participant);
    EXPECT_EQ(count(*participant, "action.assigned"), 1) << mine.dump();
    EXPECT_EQ(count(*participant, "note.published"), 1);
    EXPECT_EQ(count(*second_moderator, "action.assigned"), 1) << "not again when published";
    EXPECT_EQ(count(*expert, "action.assigned"), 0);
    EXPECT_EQ(count(*observer, "action.assigned"), 0);

    // Reassigned to the expert: they are notified; a change of text alone notifies nobody.
    std::string id = action["block"]["id"];
    auto version = published["blocks"][0]["version"];
    auto moved = moderator->request("notes.block.update", {{"block", id}, {"version", version}, {"owner", expert_name}});
    ASSERT_EQ(moved["ok"], true) << moved.dump();
    EXPECT_EQ(count(*expert, "action.assigned"), 1);
    auto edited = moderator->request("notes.block.update",
                                     {{"block", id}, {"version", moved["block"]["version"]}, {"text", "Bellen met de wijkagent."}});
    ASSERT_EQ(edited["ok"], true) << edited.dump();
    EXPECT_EQ(count(*expert, "action.assigned"), 1);
    // A participant may not change notes: refused, and nobody is notified.
    EXPECT_EQ(code_of(participant->request("notes.block.update", {{"block", id}, {"version", edited["block"]["version"]},
                                                                   {"owner", participant_name}})),
              "forbidden");
    EXPECT_EQ(count(*participant, "action.assigned"), 1);
}

TEST_F(NotificationKindsTest, AnAcceptedInvitationNotifiesTheInviterWhileTheyModerate) {
    auto created = second_moderator->request("invite.create", {{"session", session}, {"role", "expert"}, {"expires_in_hours", 24}});
    ASSERT_EQ(created["ok"], true) << created.dump();
    auto accepted = accept_invitation(token_of(created), newcomer("gast@universiteit.example"));
    ASSERT_EQ(accepted.status, 200) << accepted.body;

    auto theirs = list(*second_moderator);
    ASSERT_EQ(theirs.size(), 1u) << theirs.dump();
    EXPECT_EQ(theirs[0]["kind"], "invite.accepted");
    EXPECT_EQ(theirs[0]["session"], session);
    EXPECT_EQ(theirs[0]["title"], "Je uitnodiging voor “Kennislab Noordkust” is aangenomen");
    // Not the other moderator, who did not invite; not the members.
    EXPECT_EQ(count(*moderator, "invite.accepted"), 0);
    EXPECT_EQ(count(*participant, "invite.accepted"), 0);

    // The inviter no longer moderates: invitations are not theirs to see any more.
    ASSERT_EQ(moderator->request("member.set_role", {{"session", session}, {"user", second_moderator_user["id"]},
                                                     {"role", "participant"}})["ok"], true);
    EXPECT_EQ(count(*second_moderator, "invite.accepted"), 0);
}

TEST_F(NotificationKindsTest, AnEditNotifiesOnlyThePeopleItMentionsAnew) {
    std::string expert_id = expert_user["id"], observer_id = observer_user["id"];
    auto mine = post(*participant, "Een eerste versie.");
    ASSERT_EQ(mine["ok"], true) << mine.dump();
    std::string id = mine["post"]["id"];

    auto edit = [&](const std::string& body, json mentions) {
        return participant->request("post.edit", {{"post", id}, {"body", body}, {"mentions", mentions}});
    };
    ASSERT_EQ(edit("Een tweede versie, @Deskundige.", {expert_id})["ok"], true);
    auto theirs = list(*expert);
    ASSERT_EQ(theirs.size(), 1u) << theirs.dump();
    EXPECT_EQ(theirs[0]["kind"], "mention");
    EXPECT_EQ(theirs[0]["post"], id);
    // Named again with someone new: only the new one is notified.
    ASSERT_EQ(edit("Een derde versie, @Deskundige en @Toehoorder.", json{expert_id, observer_id})["ok"], true);
    EXPECT_EQ(count(*expert, "mention"), 1);
    EXPECT_EQ(count(*observer, "mention"), 1);
    EXPECT_EQ(count(*participant, "mention"), 0) << "never for one's own post";

    // Someone who may not read it: the edit is refused and nothing changes.
    auto [outsider, outsider_cookie] = make_user(*moderator, "buiten@gemeente.example");
    auto refused = edit("Een vierde versie.", json{outsider["id"]});
    EXPECT_EQ(code_of(refused), "bad_request");
    EXPECT_EQ(refused["error"]["message"], "Je kunt alleen leden van deze sessie noemen die dit bericht mogen lezen.");
    json many = json::array();
    for (int i = 1; i <= 21; ++i) many.push_back(std::to_string(i));
    EXPECT_EQ(code_of(edit("Een vijfde versie.", many)), "bad_request");
    auto posts = moderator->request("thread.posts", {{"thread", thread}});
    bool unchanged = false;
    for (const auto& p : posts["posts"])
        if (p["id"] == id) unchanged = p["body"] == "Een derde versie, @Deskundige en @Toehoorder.";
    EXPECT_TRUE(unchanged) << posts.dump();

    // A pending post may mention nobody: nobody reads it yet.
    auto waiting = post(*expert, "Wacht op goedkeuring.");
    ASSERT_EQ(waiting["post"]["state"], "pending");
    auto pending_edit = expert->request("post.edit", {{"post", waiting["post"]["id"]}, {"body", "Aangepast."},
                                                      {"mentions", json{observer_id}}});
    EXPECT_EQ(code_of(pending_edit), "bad_request");
    EXPECT_EQ(count(*observer, "mention"), 1);
}

// A guest invited with history "from_join" sees nothing from before joining: a
// publish of notes written before notifies everyone but them; notes written since
// notify them too.
class FromJoinNotificationTest : public ClockHolder, public NotificationFixture {
protected:
    FromJoinNotificationTest() : NotificationFixture(&clock) {}
    void advance(std::chrono::seconds by) { clock.set(clock.now() + by); }
};

TEST_F(FromJoinNotificationTest, AGuestIsNotNotifiedOfNotesFromBeforeTheyJoined) {
    ASSERT_EQ(moderator->request("notes.block.create", {{"session", session}, {"kind", "summary"}, {"text", "Van voor de gast."}})["ok"],
              true);
    advance(std::chrono::seconds(60));
    WsClient guest(server.port(), ws_options(join_from_now("gast@universiteit.example")));
    advance(std::chrono::seconds(60));

    ASSERT_EQ(moderator->request("notes.publish", {{"session", session}})["ok"], true);
    EXPECT_EQ(count(*participant, "note.published"), 1);
    EXPECT_EQ(count(guest, "note.published"), 0) << "the notes are from before they joined";

    auto later = moderator->request("notes.block.create", {{"session", session}, {"kind", "summary"}, {"text", "Van na de gast."}});
    ASSERT_EQ(later["ok"], true) << later.dump();
    ASSERT_EQ(moderator->request("notes.publish", {{"session", session}})["ok"], true);
    auto theirs = list(guest);
    ASSERT_EQ(theirs.size(), 1u) << theirs.dump();
    EXPECT_EQ(theirs[0]["block"], later["block"]["id"]);
    EXPECT_EQ(count(*participant, "note.published"), 2);
}

}  // namespace
