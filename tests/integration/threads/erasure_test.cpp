// Erasing for good against the real server over TLS: mod.redact erases a post's text,
// its revisions, the reasons of the flags on it and of earlier moderation actions, and
// thread.retitle erases a thread's old title. Each test then reads every file in the
// server's data folder as bytes while the server is still running (the database, its
// WAL and shared memory, anything else) and finds the erased text nowhere; and what
// members and moderators get back (replay from seq 0, the queue, search, the audit
// log) no longer holds it either.
#include "support/data_files.hpp"
#include "support/fixture.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using namespace kl::test;
using nlohmann::json;

namespace {

class ErasureTest : public SessionMembersTest {
protected:
    std::string thread;
    int next_msg = 0;

    void SetUp() override {
        SessionMembersTest::SetUp();
        auto started = participant->request("thread.create", {{"session", session}, {"title", "Overleg in de wijk"},
                                                               {"kind", "casus"}, {"body", "Eerste bericht."}});
        ASSERT_EQ(started["ok"], true) << started.dump();
        thread = started["thread"]["id"];
    }

    json post(WsClient& client, const std::string& body) {
        return client.request("post.create",
                              {{"thread", thread}, {"body", body}, {"client_msg_id", "e" + std::to_string(++next_msg)}});
    }

    // Every event the client gets when it subscribes from the start, as one text.
    std::string everything_replayed_to(WsClient& client) { return json(replay(client)).dump(); }

    // Fails the test for each text (and its lower case, as the search index keeps its
    // words) still found in a file of the data folder.
    void expect_in_no_file(const std::vector<std::string>& texts, const std::string& when) {
        for (const auto& text : texts)
            for (const auto& form : {text, ascii_lower(text)}) {
                auto found = files_containing(server.dir(), form);
                EXPECT_TRUE(found.empty()) << form << " " << when << " in " << names_of(found);
            }
    }

    void expect_in_some_file(const std::vector<std::string>& texts) {
        for (const auto& text : texts) EXPECT_TRUE(any_file_contains(server.dir(), text)) << text;
    }
};

TEST_F(ErasureTest, RedactionErasesTextRevisionsFlagReasonsAndModerationReasonsFromEveryFileWhileRunning) {
    // Each text stands for one place a redaction has to reach; each is one word, so
    // that the search index holds it whole (in lower case).
    const std::string body = "Gruttotekst4411";           // the post
    const std::string revision = "Kievitversie5522";      // its earlier version
    const std::string flag_reason = "Tureluurmelding6633";  // a member's flag quoting it
    const std::string hide_reason = "Scholeksterreden7744";
    const std::string restore_reason = "Wulpreden8855";
    const std::vector<std::string> erased = {body, revision, flag_reason, hide_reason, restore_reason};

    auto created = post(*participant, "Over " + revision + " in de wijk.");
    ASSERT_EQ(created["ok"], true) << created.dump();
    auto id = created["post"]["id"];
    ASSERT_EQ(participant->request("post.edit", {{"post", id}, {"body", "Over " + body + " nu."}})["ok"], true);
    ASSERT_EQ(expert->request("post.flag", {{"post", id}, {"reason", "Dit noemt " + flag_reason}})["ok"], true);
    ASSERT_EQ(moderator->request("mod.hide", {{"post", id}, {"reason", "Om " + hide_reason}})["ok"], true);
    ASSERT_EQ(moderator->request("mod.restore", {{"post", id}, {"reason", "Want " + restore_reason}})["ok"], true);
    ASSERT_EQ(observer->request("post.flag", {{"post", id}, {"reason", "Ook " + flag_reason}})["ok"], true);
    // Without these the check below would prove nothing: every text is on disk now.
    expect_in_some_file(erased);

    const std::string redact_reason = "Herleidbare gegevens";
    auto redacted = moderator->request("mod.redact", {{"post", id}, {"reason", redact_reason}});
    ASSERT_EQ(redacted["ok"], true) << redacted.dump();
    EXPECT_EQ(redacted["post"]["state"], "redacted");

    // The answer comes after the WAL was truncated: nothing to wait for.
    expect_in_no_file(erased, "while the server runs");

    // Members and moderators replaying from the start get no erased text, and the
    // events say that there was a reason.
    for (auto* client : {participant.get(), expert.get(), moderator.get()}) {
        auto replayed = everything_replayed_to(*client);
        for (const auto& text : erased) EXPECT_EQ(replayed.find(text), std::string::npos) << text << " in " << replayed;
    }
    bool saw_erased_hide = false, saw_erased_flag = false, saw_redaction_reason = false;
    for (const auto& frame : replay(*moderator)) {
        const auto& event = frame["event"];
        if (event["kind"] == "post.hidden") saw_erased_hide = event["reason"] == "" && event["reason_erased"] == true;
        if (event["kind"] == "post.flagged")
            saw_erased_flag = event["flag"]["reason"] == "" && event["flag"]["reason_erased"] == true;
        if (event["kind"] == "post.redacted") saw_redaction_reason = event["reason"] == redact_reason;
    }
    EXPECT_TRUE(saw_erased_hide);
    EXPECT_TRUE(saw_erased_flag);
    EXPECT_TRUE(saw_redaction_reason) << "the redaction keeps its own reason";

    // The queue has no flag left on it; the audit log keeps who did what and when.
    EXPECT_TRUE(moderator->request("mod.queue", {{"session", session}})["flags"].empty());
    auto entries = moderator->request("audit.list", {{"session", session}, {"limit", 200}})["entries"];
    std::map<std::string, json> by_action;
    for (const auto& entry : entries)
        if (entry["target"].is_object() && entry["target"]["id"] == id) by_action[entry["action"]] = entry;
    for (const auto* action : {"mod.hide", "mod.restore"}) {
        ASSERT_TRUE(by_action.count(action)) << action;
        EXPECT_EQ(by_action[action]["actor"]["id"], moderator->request("hello")["user"]["id"]) << action;
        EXPECT_EQ(by_action[action]["detail"]["reason"], "") << action;
        EXPECT_EQ(by_action[action]["detail"]["reason_erased"], true) << action;
        EXPECT_EQ(by_action[action]["detail"]["author"], participant_user["id"]) << action;
    }
    EXPECT_EQ(by_action["mod.redact"]["detail"]["reason"], redact_reason);
    auto all = entries.dump();
    for (const auto& text : erased) EXPECT_EQ(all.find(text), std::string::npos) << text;

    // Still gone once the server has stopped.
    moderator.reset();
    participant.reset();
    expert.reset();
    observer.reset();
    server.stop();
    expect_in_no_file(erased, "after shutdown");
}

TEST_F(ErasureTest, RetitleErasesTheOldTitleFromEveryFileWhileRunningAndReachesMembersLive) {
    const std::string old_word = "Roerdomp9966";  // one word: the search index holds it whole
    // Quotes in the title: stored events hold it JSON-escaped, and must be found so.
    const std::string old_title = "Zorgen over \"" + old_word + "\"";
    const std::string new_title = "Zorgen in een buurt";
    auto started = participant->request(
        "thread.create", {{"session", session}, {"title", old_title}, {"kind", "vraag"}, {"body", "Wat weten we?"}});
    ASSERT_EQ(started["ok"], true) << started.dump();
    thread = started["thread"]["id"];
    auto reply = post(*expert, "Een antwoord om te bewaren.");
    ASSERT_EQ(reply["ok"], true) << reply.dump();
    // Places the title travels to: a card quoting a post of the thread, a control's event.
    auto columns = moderator->request("session.state", {{"session", session}})["board"]["columns"];
    auto card = participant->request("board.card.create", {{"session", session}, {"column", columns[0]["id"]},
                                                           {"title", "Bewaard"}, {"source_post", reply["post"]["id"]}});
    ASSERT_EQ(card["ok"], true) << card.dump();
    EXPECT_EQ(card["card"]["source_post"]["thread_title"], old_title);
    ASSERT_EQ(moderator->request("thread.pin", {{"thread", thread}})["ok"], true);
    ASSERT_FALSE(moderator->request("search", {{"session", session}, {"q", "roerdomp"}})["hits"].empty());
    expect_in_some_file({old_title, ascii_lower(old_word)});

    // Only moderators may; the title follows thread.create's rules and a reason is needed.
    auto refused = participant->request("thread.retitle", {{"thread", thread}, {"title", new_title}, {"reason", "x"}});
    EXPECT_EQ(refused["error"]["code"], "forbidden") << refused.dump();
    EXPECT_EQ(expert->request("thread.retitle", {{"thread", thread}, {"title", new_title}, {"reason", "x"}})["error"]["code"],
              "forbidden");
    for (const auto& bad : {json{{"thread", thread}, {"title", ""}, {"reason", "r"}},
                            json{{"thread", thread}, {"title", std::string(201, 'a')}, {"reason", "r"}},
                            json{{"thread", thread}, {"title", "regel\nbreuk"}, {"reason", "r"}},
                            json{{"thread", thread}, {"title", new_title}},
                            json{{"thread", thread}, {"title", new_title}, {"reason", std::string(501, 'r')}},
                            json{{"title", new_title}, {"reason", "r"}}})
        EXPECT_EQ(moderator->request("thread.retitle", bad)["error"]["code"], "bad_request") << bad.dump();
    EXPECT_EQ(moderator->request("thread.retitle", {{"thread", "999999"}, {"title", new_title}, {"reason", "r"}})["error"]["code"],
              "not_found");

    // A participant follows the session and sees the new title arrive live.
    auto head = moderator->request("session.state", {{"session", session}})["head_seq"];
    ASSERT_EQ(participant->request("session.subscribe", {{"session", session}, {"after_seq", head}})["ok"], true);
    const std::string reason = "De titel noemde een herkenbare plek";
    auto retitled = moderator->request("thread.retitle", {{"thread", thread}, {"title", new_title}, {"reason", reason}});
    ASSERT_EQ(retitled["ok"], true) << retitled.dump();
    EXPECT_EQ(retitled["thread"]["title"], new_title);
    EXPECT_EQ(retitled["thread"]["pinned"], true);
    auto live = next_event(*participant)["event"];
    EXPECT_EQ(live["kind"], "thread.updated");
    EXPECT_EQ(live["thread"]["id"], thread);
    EXPECT_EQ(live["thread"]["title"], new_title);
    participant->request("session.unsubscribe", {{"session", session}});

    // The answer comes after the WAL was truncated: nothing to wait for.
    expect_in_no_file({old_title, old_word}, "while the server runs");

    for (auto* client : {participant.get(), observer.get(), moderator.get()}) {
        auto replayed = everything_replayed_to(*client);
        EXPECT_EQ(replayed.find(old_title), std::string::npos) << replayed;
        EXPECT_NE(replayed.find(new_title), std::string::npos);
    }
    auto state = participant->request("session.state", {{"session", session}});
    EXPECT_EQ(state.dump().find(old_title), std::string::npos);
    EXPECT_EQ(state["board"]["cards"][0]["source_post"]["thread_title"], new_title);
    EXPECT_TRUE(participant->request("search", {{"session", session}, {"q", "roerdomp"}})["hits"].empty());
    auto found = participant->request("search", {{"session", session}, {"q", "buurt"}})["hits"];
    ASSERT_EQ(found.size(), 1u) << found.dump();
    EXPECT_EQ(found[0]["id"], thread);

    // The audit log keeps who retitled which thread, when and why; never a title in the detail.
    auto entries = moderator->request("audit.list", {{"session", session}})["entries"];
    auto retitle = std::find_if(entries.begin(), entries.end(), [](const json& e) { return e["action"] == "thread.retitle"; });
    ASSERT_NE(retitle, entries.end()) << entries.dump();
    EXPECT_EQ((*retitle)["actor"]["id"], moderator->request("hello")["user"]["id"]);
    EXPECT_EQ((*retitle)["target"]["id"], thread);
    EXPECT_EQ((*retitle)["target"]["label"], new_title);
    EXPECT_EQ((*retitle)["detail"], json({{"reason", reason}}));
    EXPECT_EQ(entries.dump().find(old_word), std::string::npos);

    moderator.reset();
    participant.reset();
    expert.reset();
    observer.reset();
    server.stop();
    expect_in_no_file({old_title, old_word}, "after shutdown");
}

}  // namespace
