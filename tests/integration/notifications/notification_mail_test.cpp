// Notifications by mail with a real SMTP server (tests/support/smtp_sink.py): one mail
// per notification for "direct", daily and weekly digests at 07:00 Europe/Amsterdam on
// the server's clock (a ManualClock here), and never any post text or thread title in
// a mail. A digest names only what is unread, not mailed before, and visible now.
#include "notification_fixture.hpp"
#include "support/smtp_sink.hpp"

#include <algorithm>

namespace kl::test {
namespace {

using json = nlohmann::json;

// 2029-12-31T23:00:00Z, the ClockHolder's start, is Tuesday 1 January 2030 00:00 in
// Amsterdam (CET). These are the digest moments after it, in UTC.
constexpr std::int64_t start = 1'893'452'400;
constexpr std::int64_t tuesday_0700 = start + 7 * 3600;         // 2030-01-01 07:00 CET
constexpr std::int64_t wednesday_0700 = tuesday_0700 + 86'400;  // 2030-01-02
constexpr std::int64_t monday_0700 = tuesday_0700 + 6 * 86'400; // 2030-01-07

class NotificationMailTest : public ClockHolder, public SinkHolder, public NotificationFixture {
protected:
    NotificationMailTest()
        : NotificationFixture(&clock, [this](app::ServerConfig& c) { configure_mail(c, sink.url()); }) {}

    void set_clock(std::int64_t unix_seconds) { clock.set(app::TimePoint(std::chrono::seconds(unix_seconds))); }

    static void choose(WsClient& client, const std::string& email) {
        auto answer = client.request("notifications.settings", {{"email", email}});
        ASSERT_EQ(answer["ok"], true) << answer.dump();
    }

    // Received mails of kind (by the outbox's subject forms) to address.
    std::vector<ReceivedMail> mails_to(const std::string& address) const {
        std::vector<ReceivedMail> out;
        for (auto& m : sink.received())
            if (m.envelope["rcpt_tos"] == json::array({address}) &&
                m.decoded_header("Subject").find("account") == std::string::npos)
                out.push_back(m);
        return out;
    }
    // Waits until address has received n such mails and returns them.
    std::vector<ReceivedMail> wait_for_mails_to(const std::string& address, std::size_t n) const {
        eventually([&] { return mails_to(address).size() >= n; });
        return mails_to(address);
    }
    // Rows of the outbox for address, as the administrator sees them.
    std::size_t outbox_rows_to(const std::string& address) {
        auto answer = moderator->request("mail.outbox");
        EXPECT_EQ(answer["ok"], true) << answer.dump();
        return static_cast<std::size_t>(std::count_if(answer["mails"].begin(), answer["mails"].end(), [&](auto& r) {
            return r["to"] == address && r["kind"] != "activation";
        }));
    }

    static void expect_no_content(const ReceivedMail& m, const std::vector<std::string>& secrets) {
        for (const auto& secret : secrets) {
            EXPECT_EQ(m.raw.find(secret), std::string::npos) << "the mail holds " << secret;
            EXPECT_EQ(m.part("text/plain").find(secret), std::string::npos) << secret;
            EXPECT_EQ(m.part("text/html").find(secret), std::string::npos) << secret;
        }
    }

    std::string expert_mail = "deskundige@universiteit.example";
    std::string observer_mail = "toehoorder@gemeente.example";
    std::string participant_mail = "deelnemer@gemeente.example";
};

TEST_F(NotificationMailTest, DirectMailsEachNotificationAtOnceWithALinkAndNoText) {
    choose(*observer, "off");
    auto to_observer = post(*participant, "Voor jou, toehoorder: vertrouwelijkgeheim-een.",
                            {{"mentions", {observer_user["id"]}}});
    ASSERT_EQ(to_observer["ok"], true) << to_observer.dump();
    // Queued in the same transaction as the post: the outbox shows it when the post is answered.
    EXPECT_EQ(outbox_rows_to(observer_mail), 0u) << "the observer chose no mail";
    auto sent = post(*participant, "Wat denk jij, deskundige? vertrouwelijkgeheim-twee.",
                     {{"mentions", {expert_user["id"]}}});
    ASSERT_EQ(sent["ok"], true) << sent.dump();
    EXPECT_EQ(outbox_rows_to(expert_mail), 1u);

    auto mails = wait_for_mails_to(expert_mail, 1);
    ASSERT_EQ(mails.size(), 1u);
    const auto& m = mails[0];
    EXPECT_EQ(m.decoded_header("Subject"), "Je bent genoemd in “Kennislab Rechts-extremisme”");
    auto text = m.part("text/plain");
    auto link = server.origin() + "/sessions/" + session + "?gesprek=" + thread + "&bericht=" +
                sent["post"]["id"].get<std::string>();
    EXPECT_NE(text.find(link), std::string::npos) << text;
    EXPECT_NE(m.header("List-Unsubscribe").find("/beveiliging#meldingen"), std::string::npos);
    expect_no_content(m, {"vertrouwelijkgeheim", "Casus Noordkust"});
    EXPECT_TRUE(mails_to(observer_mail).empty());
}

TEST_F(NotificationMailTest, ADailyDigestAtSevenNamesWhatIsUnreadAndStillVisibleAndNothingTwice) {
    choose(*expert, "daily");
    choose(*observer, "daily");  // the witness: their digest shows that a pass has run
    auto hidden = post(*participant, "Eerste vraag met vertrouwelijkgeheim-drie.", {{"mentions", {expert_user["id"]}}});
    auto kept = post(*participant, "Tweede vraag met vertrouwelijkgeheim-vier.", {{"mentions", {expert_user["id"]}}});
    auto read = post(*participant, "Derde vraag.", {{"mentions", {expert_user["id"]}}});
    auto to_witness = post(*participant, "Voor de toehoorder.", {{"mentions", {observer_user["id"]}}});
    for (auto* p : {&hidden, &kept, &read, &to_witness}) ASSERT_EQ((*p)["ok"], true) << p->dump();
    EXPECT_EQ(outbox_rows_to(expert_mail), 0u) << "a digest user gets no mail per notification";
    ASSERT_EQ(moderator->request("mod.hide", {{"post", hidden["post"]["id"]}, {"reason", "Buiten de orde."}})["ok"], true);
    auto notifications = list(*expert);
    auto about_read = std::find_if(notifications.begin(), notifications.end(),
                                   [&](auto& n) { return n["post"] == read["post"]["id"]; });
    ASSERT_NE(about_read, notifications.end());
    ASSERT_EQ(expert->request("notifications.read", {{"ids", {(*about_read)["id"]}}})["ok"], true);

    set_clock(tuesday_0700);
    auto digests = wait_for_mails_to(expert_mail, 1);
    ASSERT_EQ(digests.size(), 1u);
    const auto& digest = digests[0];
    EXPECT_EQ(digest.decoded_header("Subject"), "Je dagoverzicht van Kennislab: 1 melding");
    auto text = digest.part("text/plain");
    EXPECT_NE(text.find("“Kennislab Rechts-extremisme”: 1× genoemd"), std::string::npos) << text;
    EXPECT_NE(text.find(server.origin() + "/sessions/" + session), std::string::npos);
    EXPECT_NE(digest.part("text/html").find("href=\"" + server.origin() + "/sessions/" + session + "\""),
              std::string::npos);
    expect_no_content(digest, {"vertrouwelijkgeheim", "Casus Noordkust", "vraag"});

    // The next day: only what is new since, never the same notification again.
    ASSERT_EQ(post(*participant, "Nog een vraag.", {{"mentions", {expert_user["id"]}}})["ok"], true);
    ASSERT_EQ(post(*participant, "Voor de toehoorder, weer.", {{"mentions", {observer_user["id"]}}})["ok"], true);
    wait_for_mails_to(observer_mail, 1);  // Tuesday's witness is in before the clock moves
    set_clock(wednesday_0700);
    ASSERT_EQ(wait_for_mails_to(observer_mail, 2).size(), 2u);
    digests = wait_for_mails_to(expert_mail, 2);
    ASSERT_EQ(digests.size(), 2u);
    EXPECT_EQ(digests[1].decoded_header("Subject"), "Je dagoverzicht van Kennislab: 1 melding");
}

TEST_F(NotificationMailTest, AWeeklyDigestWaitsForMonday) {
    choose(*expert, "weekly");
    choose(*observer, "daily");  // the witness
    ASSERT_EQ(post(*participant, "Een vraag voor de week.", {{"mentions", {expert_user["id"]}}})["ok"], true);
    ASSERT_EQ(post(*participant, "Voor de toehoorder.", {{"mentions", {observer_user["id"]}}})["ok"], true);
    set_clock(tuesday_0700);
    ASSERT_EQ(wait_for_mails_to(observer_mail, 1).size(), 1u);
    // The pass that mailed the witness found the weekly digest not yet due.
    EXPECT_EQ(outbox_rows_to(expert_mail), 0u);
    set_clock(monday_0700);
    auto digests = wait_for_mails_to(expert_mail, 1);
    ASSERT_EQ(digests.size(), 1u);
    EXPECT_EQ(digests[0].decoded_header("Subject"), "Je weekoverzicht van Kennislab: 1 melding");
    EXPECT_NE(digests[0].part("text/plain").find("elke maandag"), std::string::npos);
}

TEST_F(NotificationMailTest, NothingToTellSendsNoDigest) {
    choose(*expert, "daily");
    choose(*observer, "daily");
    auto only = post(*participant, "Gelezen voor zeven uur.", {{"mentions", {expert_user["id"]}}});
    ASSERT_EQ(only["ok"], true);
    ASSERT_EQ(expert->request("notifications.read", {{"all", true}})["ok"], true);
    ASSERT_EQ(post(*participant, "Voor de toehoorder.", {{"mentions", {observer_user["id"]}}})["ok"], true);
    set_clock(tuesday_0700);
    ASSERT_EQ(wait_for_mails_to(observer_mail, 1).size(), 1u);
    EXPECT_EQ(outbox_rows_to(expert_mail), 0u);
}

}  // namespace
}  // namespace kl::test
