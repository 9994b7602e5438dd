// Retention against the real server over TLS, on a ManualClock: a moderator sets a
// session's term, the moderators hear of the erasure 14 days ahead, and once the term
// has passed the eraser erases the session's content while the server runs: no file in
// the data folder (database, WAL) and no backup taken afterwards holds any of its text,
// and what stays is its title, its members and the audit log. A legal hold stops the
// erasure; lifting it tells the moderators, and the next pass erases. Members who are
// not moderators set no term; only the administrator holds.
#include "protocol/time.hpp"
#include "storage/backup.hpp"
#include "support/data_files.hpp"
#include "support/fixture.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

using namespace kl::test;
using nlohmann::json;

namespace {

constexpr std::int64_t day = 86'400;

class RetentionTest : public ClockHolder, public SessionMembersTest {
protected:
    RetentionTest() : SessionMembersTest(&clock) {}

    // One word each, so that the search index holds it whole (in lower case).
    const std::vector<std::string> texts = {"Thread1Koekoeksbloem", "Post2Pinksterbloem", "Edit3Dotterbloem",
                                            "Card4Boterbloem", "CardBody5Klaproos", "Note6Korenbloem",
                                            "Flag7Madeliefje", "Hide8Paardenbloem"};

    std::int64_t now() const { return clock.now().time_since_epoch().count(); }

    // Fills the session with texts in every place the erasure has to reach.
    void fill() {
        auto started = participant->request("thread.create", {{"session", session}, {"title", "Over " + texts[0]},
                                                               {"kind", "casus"}, {"body", "Begin " + texts[1]}});
        ASSERT_EQ(started["ok"], true) << started.dump();
        auto thread = started["thread"]["id"];
        auto reply = expert->request("post.create", {{"thread", thread}, {"body", "Eerst iets anders."},
                                                     {"client_msg_id", "r1"}});
        ASSERT_EQ(reply["ok"], true) << reply.dump();
        auto post_id = reply["post"]["id"];
        ASSERT_EQ(expert->request("post.edit", {{"post", post_id}, {"body", "Nu " + texts[2]}})["ok"], true);
        ASSERT_EQ(observer->request("post.flag", {{"post", post_id}, {"reason", "Meld " + texts[6]}})["ok"], true);
        ASSERT_EQ(moderator->request("mod.hide", {{"post", post_id}, {"reason", "Om " + texts[7]}})["ok"], true);
        auto column = moderator->request("session.state", {{"session", session}})["board"]["columns"][0]["id"];
        auto card = participant->request("board.card.create", {{"session", session}, {"column", column},
                                                               {"title", texts[3]}, {"body", "Met " + texts[4]}});
        ASSERT_EQ(card["ok"], true) << card.dump();
        auto block = moderator->request("notes.block.create", {{"session", session}, {"kind", "summary"},
                                                               {"text", "Samenvatting " + texts[5]}});
        ASSERT_EQ(block["ok"], true) << block.dump();
    }

    json set_retention(WsClient& client, json days) {
        return client.request("session.update", {{"session", session}, {"retention_days", std::move(days)}});
    }

    json listed() {
        auto answer = moderator->request("retention.list");
        EXPECT_EQ(answer["ok"], true) << answer.dump();
        return answer;
    }

    // Moves the clock and waits until the eraser has completed a pass that began at
    // the new time (it starts one a minute on the clock; a pass erases all that is due).
    void advance_and_wait_for_pass(std::int64_t seconds) {
        clock.advance(std::chrono::seconds(seconds));
        auto target = kl::protocol::format_unix_time(now());
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        for (;;) {
            auto checked = listed()["checked_at"];
            if (checked.is_string() && checked.get<std::string>() >= target) return;
            ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "no eraser pass at " << target;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling, with a deadline
        }
    }

    int notifications_of(WsClient& client, const std::string& kind) {
        auto answer = client.request("notifications.list");
        EXPECT_EQ(answer["ok"], true) << answer.dump();
        int n = 0;
        for (const auto& item : answer["notifications"]) n += item["kind"] == kind ? 1 : 0;
        return n;
    }

    void expect_everywhere(const std::filesystem::path& where, bool present) {
        for (const auto& text : texts)
            for (const auto& form : {text, ascii_lower(text)}) {
                auto found = files_containing(where, form);
                if (present) {
                    // (The search index holds the lower-case form of the words it indexes.)
                    if (form == text) {
                        EXPECT_FALSE(found.empty()) << form;
                    }
                } else {
                    EXPECT_TRUE(found.empty()) << form << " in " << names_of(found);
                }
            }
    }

    json state(WsClient& client) {
        auto answer = client.request("session.state", {{"session", session}});
        EXPECT_EQ(answer["ok"], true) << answer.dump();
        return answer;
    }
};

TEST_F(RetentionTest, ADueSessionIsErasedFromEveryFileAndAFreshBackupWhileTheServerRuns) {
    auto set = set_retention(*moderator, 30);
    ASSERT_EQ(set["ok"], true) << set.dump();
    EXPECT_EQ(set["session"]["retention_days"], 30);
    EXPECT_TRUE(set["session"]["erase_after"].is_null()) << "not archived: no date yet";
    EXPECT_FALSE(state(*participant)["session"].contains("retention_days")) << "for moderators only";
    fill();
    expect_everywhere(server.dir(), true);

    auto archived = moderator->request("session.archive", {{"session", session}});
    ASSERT_EQ(archived["ok"], true) << archived.dump();
    EXPECT_EQ(archived["session"]["erase_after"], kl::protocol::format_unix_time(now() + 30 * day));

    // 16 days on: 14 days ahead, the moderators are told (once), nobody else.
    advance_and_wait_for_pass(16 * day);
    EXPECT_EQ(notifications_of(*moderator, "retention.notice"), 1);
    EXPECT_EQ(notifications_of(*participant, "retention.notice"), 0);
    advance_and_wait_for_pass(60);
    EXPECT_EQ(notifications_of(*moderator, "retention.notice"), 1);
    EXPECT_EQ(state(*moderator)["threads"].size(), 1u) << "not yet due";

    advance_and_wait_for_pass(14 * day);
    auto after = state(*moderator);
    EXPECT_EQ(after["threads"].size(), 0u);
    EXPECT_EQ(after["board"]["cards"].size(), 0u);
    EXPECT_EQ(after["notes"].size(), 0u);
    EXPECT_EQ(after["session"]["title"], "Kennislab Rechts-extremisme");
    EXPECT_FALSE(after["session"]["erased_at"].is_null());
    EXPECT_EQ(after["members"].size(), 4u);
    // No file holds the text while the server runs (the WAL was checkpointed and truncated).
    expect_everywhere(server.dir(), false);
    // Nor a backup taken now.
    auto backups = server.dir().parent_path() / ("backup-" + server.dir().filename().string());
    std::filesystem::create_directories(backups);
    kl::storage::backup_database(server.database_path(), (backups / "kopie.db").string());
    expect_everywhere(backups, false);
    std::filesystem::remove_all(backups);
    // The audit log records the erasure, without the text.
    auto audit = moderator->request("audit.list", {{"session", session}});
    ASSERT_EQ(audit["ok"], true) << audit.dump();
    EXPECT_EQ(audit["entries"][0]["action"], "session.erased") << audit.dump();
    // The session is out of the administrator's list of what is still to erase.
    EXPECT_EQ(listed()["sessions"].size(), 0u);
    // The erased session takes no new term.
    EXPECT_EQ(set_retention(*moderator, 10)["ok"], false);
}

TEST_F(RetentionTest, OnlyModeratorsSetATermAndItIsBounded) {
    for (auto* client : {participant.get(), expert.get(), observer.get()}) {
        auto refused = set_retention(*client, 10);
        EXPECT_EQ(refused["ok"], false);
        EXPECT_EQ(refused["error"]["code"], "forbidden") << refused.dump();
    }
    for (auto bad : {json(-1), json(3651), json("30"), json(1.5)}) {
        auto refused = set_retention(*moderator, bad);
        EXPECT_EQ(refused["error"]["code"], "bad_request") << bad.dump();
    }
    EXPECT_EQ(set_retention(*moderator, 3650)["session"]["retention_days"], 3650);
    EXPECT_TRUE(set_retention(*moderator, nullptr)["session"]["retention_days"].is_null());
}

TEST_F(RetentionTest, AHoldStopsTheErasureAndLiftingItErasesInTheNextPassWithANotice) {
    ASSERT_EQ(set_retention(*moderator, 0)["ok"], true);
    // A second moderator: the administrator who lifts the hold is not told of it.
    auto [second_user, second_cookie] = make_user(*moderator, "tweede@ess.example", "staff");
    add_members(*moderator, session, {{&second_user, "moderator"}});
    WsClient second(server.port(), ws_options(second_cookie));
    fill();
    // Only the administrator holds, with a reason.
    auto refused = participant->request("session.hold", {{"session", session}, {"hold", true}, {"reason", "Ik wil het"}});
    EXPECT_EQ(refused["error"]["code"], "forbidden") << refused.dump();
    EXPECT_EQ(participant->request("retention.list")["error"]["code"], "forbidden");
    EXPECT_EQ(moderator->request("session.hold", {{"session", session}, {"hold", true}})["error"]["code"], "bad_request");
    auto held = moderator->request("session.hold", {{"session", session}, {"hold", true}, {"reason", "Wob-verzoek 2030-12"}});
    ASSERT_EQ(held["ok"], true) << held.dump();
    ASSERT_EQ(moderator->request("session.archive", {{"session", session}})["ok"], true);

    advance_and_wait_for_pass(2 * day);
    EXPECT_EQ(state(*moderator)["threads"].size(), 1u) << "held";
    expect_everywhere(server.dir(), true);
    auto list = listed()["sessions"];
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["legal_hold"], true);
    EXPECT_EQ(list[0]["hold_reason"], "Wob-verzoek 2030-12");
    EXPECT_EQ(notifications_of(*moderator, "retention.notice"), 0) << "no notice while held";

    auto lifted = moderator->request("session.hold", {{"session", session}, {"hold", false}, {"reason", "Afgehandeld"}});
    ASSERT_EQ(lifted["ok"], true) << lifted.dump();
    EXPECT_EQ(lifted["session"]["legal_hold"], false);
    // Not at once: the content is there until the next pass, and the moderators were told.
    EXPECT_EQ(state(*moderator)["threads"].size(), 1u);
    EXPECT_EQ(notifications_of(second, "retention.resumed"), 1);
    EXPECT_EQ(notifications_of(*participant, "retention.resumed"), 0);
    advance_and_wait_for_pass(60);
    EXPECT_EQ(state(*moderator)["threads"].size(), 0u);
    expect_everywhere(server.dir(), false);
    auto audit = moderator->request("audit.list", {{"session", session}});
    std::vector<std::string> actions;
    for (const auto& entry : audit["entries"]) actions.push_back(entry["action"]);
    EXPECT_EQ(actions[0], "session.erased");
    EXPECT_NE(std::find(actions.begin(), actions.end(), "session.hold"), actions.end());
    EXPECT_NE(std::find(actions.begin(), actions.end(), "session.release"), actions.end());
}

TEST_F(RetentionTest, AnArchivedSessionTakesATermAndItsSubscribersHearOfTheErasure) {
    ASSERT_EQ(moderator->request("session.archive", {{"session", session}})["ok"], true);
    // Only the term: allowed once archived, for moderators only; anything else stays locked.
    EXPECT_EQ(set_retention(*participant, 1)["error"]["code"], "forbidden");
    auto locked = moderator->request("session.update", {{"session", session}, {"retention_days", 1}, {"title", "Nieuw"}});
    EXPECT_EQ(locked["error"]["code"], "locked") << locked.dump();
    auto set = set_retention(*moderator, 1);
    ASSERT_EQ(set["ok"], true) << set.dump();
    EXPECT_EQ(set["session"]["erase_after"], kl::protocol::format_unix_time(now() + day));
    auto head = participant->request("session.state", {{"session", session}})["head_seq"];
    ASSERT_EQ(participant->request("session.subscribe", {{"session", session}, {"after_seq", head}})["ok"], true);

    advance_and_wait_for_pass(2 * day);
    for (;;) {
        auto frame = next_event(*participant);
        if (frame["event"]["kind"] != "session.erased") continue;
        EXPECT_EQ(frame["event"]["session"]["id"], session);
        EXPECT_TRUE(frame["event"]["actor"].is_null());
        break;
    }
}

}  // namespace

