// Notifications against the real server over TLS: a mention and a reply notify their
// person live and in notifications.list, through the visibility gate; a mention of
// someone who may not read the post refuses the post; a notification about a post
// that was hidden since disappears; reading is the reader's own. Next to each allowed
// case, the refused one.
#include "notifications/notification_fixture.hpp"

using namespace kl::test;
using nlohmann::json;

namespace {

class NotificationTest : public NotificationFixture {
protected:
    // The next frame of type notification on client.
    static json next_notification(WsClient& client) {
        for (;;) {
            auto frame = client.next_frame();
            if (!frame) return json();
            if ((*frame)["type"] == "notification") return *frame;
        }
    }
};

TEST_F(NotificationTest, AMentionNotifiesThePersonLiveAndInTheirList) {
    std::string participant_id = participant_user["id"];
    auto sent = post(*moderator, "Wat vind jij hiervan? Vertrouwelijke details.", {{"mentions", {participant_id}}});
    ASSERT_EQ(sent["ok"], true) << sent.dump();

    auto live = next_notification(*participant);
    ASSERT_FALSE(live.is_null());
    EXPECT_EQ(live["unread"], 1);
    EXPECT_EQ(live["notification"]["kind"], "mention");
    EXPECT_EQ(live["notification"]["post"], sent["post"]["id"]);
    EXPECT_EQ(live["notification"]["thread"], thread);
    EXPECT_EQ(live["notification"]["title"], "Je bent genoemd in “Casus Noordkust”");
    EXPECT_EQ(live.dump().find("Vertrouwelijke"), std::string::npos) << "no post text in a notification";

    auto list = participant->request("notifications.list");
    ASSERT_EQ(list["ok"], true) << list.dump();
    ASSERT_EQ(list["notifications"].size(), 1u);
    EXPECT_EQ(list["unread"], 1);
    EXPECT_EQ(list["has_more"], false);
    // Nobody else was notified, the author least of all.
    EXPECT_EQ(moderator->request("notifications.list")["notifications"].size(), 0u);
    EXPECT_EQ(expert->request("notifications.list")["notifications"].size(), 0u);

    // Someone else's ids change nothing; one's own are read.
    std::string notification_id = list["notifications"][0]["id"];
    EXPECT_EQ(expert->request("notifications.read", {{"ids", {notification_id}}})["unread"], 0);
    EXPECT_EQ(participant->request("notifications.list")["unread"], 1);
    EXPECT_EQ(participant->request("notifications.read", {{"ids", {notification_id}}})["unread"], 0);
    auto after = participant->request("notifications.list");
    EXPECT_EQ(after["notifications"][0]["read"], true);
    EXPECT_EQ(code_of(participant->request("notifications.read")), "bad_request");
}

TEST_F(NotificationTest, AMentionOfSomeoneWhoMayNotReadThePostRefusesThePost) {
    auto [outsider, outsider_cookie] = make_user(*moderator, "buiten@gemeente.example");
    std::string outsider_id = outsider["id"];
    std::string participant_id = participant_user["id"];
    auto refused = post(*moderator, "Voor wie niet in de sessie is.", {{"mentions", {outsider_id}}});
    EXPECT_EQ(code_of(refused), "bad_request");
    // A whisper is for moderators: a participant cannot be mentioned in it.
    auto whisper = post(*moderator, "Alleen voor moderatoren.", {{"whisper", true}, {"mentions", {participant_id}}});
    EXPECT_EQ(code_of(whisper), "bad_request");
    // More than 20, or not ids: refused before anything is stored.
    json many = json::array();
    for (int i = 1; i <= 21; ++i) many.push_back(std::to_string(i));
    EXPECT_EQ(code_of(post(*moderator, "Te veel.", {{"mentions", many}})), "bad_request");
    EXPECT_EQ(code_of(post(*moderator, "Geen lijst.", {{"mentions", participant_id}})), "bad_request");
    // Nothing of the refused posts was stored or notified.
    auto posts = moderator->request("thread.posts", {{"thread", thread}});
    EXPECT_EQ(posts["posts"].size(), 1u) << posts.dump();
    EXPECT_EQ(participant->request("notifications.list")["notifications"].size(), 0u);
}

TEST_F(NotificationTest, AReplyNotifiesTheAuthorAndAHiddenPostTakesItsNotificationsAway) {
    auto mine = post(*participant, "Mijn vraag aan de groep.");
    ASSERT_EQ(mine["ok"], true) << mine.dump();
    auto reply = post(*expert, "Mijn antwoord.", {{"reply_to", mine["post"]["id"]}});
    ASSERT_EQ(reply["ok"], true) << reply.dump();
    auto live = next_notification(*participant);
    EXPECT_EQ(live["notification"]["kind"], "reply");
    EXPECT_EQ(live["notification"]["title"], "Nieuwe reactie op je bericht in “Casus Noordkust”");
    ASSERT_EQ(participant->request("notifications.list")["unread"], 1);

    auto hidden = moderator->request("mod.hide", {{"post", reply["post"]["id"]}, {"reason", "Buiten de orde."}});
    ASSERT_EQ(hidden["ok"], true) << hidden.dump();
    auto list = participant->request("notifications.list");
    EXPECT_EQ(list["notifications"].size(), 0u) << list.dump();
    EXPECT_EQ(list["unread"], 0);
}

TEST_F(NotificationTest, ARemovedMemberNoLongerSeesTheirNotifications) {
    std::string participant_id = participant_user["id"];
    ASSERT_EQ(post(*moderator, "Even overleggen.", {{"mentions", {participant_id}}})["ok"], true);
    ASSERT_EQ(participant->request("notifications.list")["notifications"].size(), 1u);
    ASSERT_EQ(moderator->request("member.remove", {{"session", session}, {"user", participant_id}})["ok"], true);
    auto list = participant->request("notifications.list");
    EXPECT_EQ(list["notifications"].size(), 0u) << list.dump();
    EXPECT_EQ(list["unread"], 0);
}

TEST_F(NotificationTest, EachPersonChoosesHowMailReachesThem) {
    EXPECT_EQ(participant->request("notifications.settings")["email"], "direct");
    EXPECT_EQ(participant->request("notifications.settings", {{"email", "weekly"}})["email"], "weekly");
    EXPECT_EQ(participant->request("notifications.settings")["email"], "weekly");
    EXPECT_EQ(expert->request("notifications.settings")["email"], "direct");
    EXPECT_EQ(code_of(participant->request("notifications.settings", {{"email", "altijd"}})), "bad_request");
}

}  // namespace
