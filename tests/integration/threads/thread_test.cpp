// Threads, posts and moderation against the real server over TLS: who sees what (live,
// in replay, in paging), safe retries, redaction down to the bytes on disk, the audit
// trail, and every refusal next to the allowed case.
#include "storage/audit.hpp"
#include "storage/connection.hpp"
#include "support/data_files.hpp"
#include "support/fixture.hpp"

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>

using namespace kl::test;
using nlohmann::json;

namespace {

// Collects every server log line of the test, installed before the server starts.
struct LogCapture {
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(100000);
    LogCapture() { spdlog::default_logger()->sinks().push_back(sink); }
    ~LogCapture() { spdlog::default_logger()->sinks().pop_back(); }
    std::string text() const {
        std::string all;
        for (const auto& line : sink->last_formatted()) all += line;
        return all;
    }
};

class ThreadTest : public LogCapture, public SessionMembersTest {
protected:
    std::string thread;
    int next_msg = 0;

    json session_params() const override { return {{"title", "Casusoverleg"}, {"premoderation", true}}; }

    void SetUp() override {
        SessionMembersTest::SetUp();
        auto started = participant->request("thread.create", {{"session", session}, {"title", "Zorgen in de wijk"},
                                                               {"kind", "casus"}, {"body", "Eerste bericht."}});
        ASSERT_EQ(started["ok"], true) << started.dump();
        thread = started["thread"]["id"];
    }

    json post(WsClient& client, const std::string& body, json extra = json::object()) {
        extra["thread"] = thread;
        extra["body"] = body;
        if (!extra.contains("client_msg_id")) extra["client_msg_id"] = "m" + std::to_string(++next_msg);
        return client.request("post.create", extra);
    }

    std::int64_t head_seq() { return moderator->request("session.state", {{"session", session}})["head_seq"]; }

    // The moderator posts count posts into the thread, body_of(i) each, in windows of
    // window requests as a busy client would send them (the writer commits each window
    // together), and checks that every one is acknowledged.
    void post_in_windows(int count, int window, const std::function<std::string(int)>& body_of) {
        for (int sent = 0; sent < count; sent += window) {
            for (int i = sent; i < std::min(count, sent + window); ++i)
                moderator->send_text(json{{"id", "bulk" + std::to_string(i)}, {"type", "post.create"}, {"thread", thread},
                                          {"body", body_of(i)}, {"client_msg_id", "bulk" + std::to_string(i)}}
                                         .dump());
            for (int answered = sent; answered < std::min(count, sent + window);) {
                auto frame = moderator->next_frame();
                ASSERT_TRUE(frame);
                if (!frame->contains("re")) continue;
                ASSERT_EQ((*frame)["ok"], true) << frame->dump().substr(0, 300);
                ++answered;
            }
        }
    }

    std::vector<std::string> posts_seen(WsClient& client) {
        std::vector<std::string> bodies;
        auto answer = client.request("thread.posts", {{"thread", thread}});
        for (const auto& p : answer["posts"])
            bodies.push_back(p.value("body", "<" + p["state"].get<std::string>() + ">"));
        return bodies;
    }

    std::set<std::string> audited_actions() {
        auto c = kl::storage::open_database(server.database_path(), kl::storage::OpenMode::read_only);
        std::set<std::string> actions;
        for (const auto& entry : kl::storage::list_audit(c, std::nullopt, std::nullopt, 1000)) actions.insert(entry.action);
        return actions;
    }
};

TEST_F(ThreadTest, APendingPostReachesOnlyModeratorsAndItsAuthorUntilApproved) {
    auto head = head_seq();
    for (auto* client : {moderator.get(), participant.get(), expert.get()})
        ASSERT_EQ(client->request("session.subscribe", {{"session", session}, {"after_seq", head}})["ok"], true);
    auto pending = post(*expert, "Een inzicht van buiten.");
    ASSERT_EQ(pending["ok"], true) << pending.dump();
    EXPECT_EQ(pending["post"]["state"], "pending");
    EXPECT_EQ(next_event(*moderator)["event"]["kind"], "post.pending");
    EXPECT_EQ(next_event(*expert)["event"]["post"]["body"], "Een inzicht van buiten.");
    EXPECT_EQ(posts_seen(*participant), std::vector<std::string>{"Eerste bericht."});
    EXPECT_EQ(posts_seen(*expert).size(), 2u);

    auto approved = moderator->request("mod.approve", {{"post", pending["post"]["id"]}});
    ASSERT_EQ(approved["ok"], true) << approved.dump();
    // The participant's first event is the approval: the pending one never reached them.
    auto event = next_event(*participant);
    EXPECT_EQ(event["event"]["kind"], "post.approved");
    EXPECT_EQ(event["event"]["post"]["body"], "Een inzicht van buiten.");
    EXPECT_EQ(event["seq"], head + 2);

    // Replay obeys the same rule.
    WsClient later(server.port(), ws_options(login("deelnemer@gemeente.example", member_password).login_cookie()));
    for (const auto& frame : replay(later)) EXPECT_NE(frame["event"]["kind"], "post.pending") << frame.dump();
    auto moderator_replay = replay(*moderator, head);
    ASSERT_FALSE(moderator_replay.empty());
    EXPECT_EQ(moderator_replay.front()["event"]["kind"], "post.pending");
}

TEST_F(ThreadTest, AnExpertsThreadWaitsAndParticipantsOfAPremoderatedSessionToo) {
    EXPECT_EQ(expert->request("thread.create", {{"session", session}, {"title", "x"}, {"kind", "vraag"}, {"body", "y"}})["error"]["code"],
              "forbidden");
    ASSERT_EQ(moderator->request("session.update", {{"session", session}, {"premoderate_participants", true}})["ok"], true);
    auto started = participant->request("thread.create", {{"session", session}, {"title", "Nog te keuren"}, {"kind", "vraag"}, {"body", "Vraag?"}});
    ASSERT_EQ(started["ok"], true);
    EXPECT_EQ(started["thread"]["pending"], true);
    auto threads_of = [&](WsClient& client) { return client.request("session.state", {{"session", session}})["threads"].size(); };
    EXPECT_EQ(threads_of(*observer), 1u);
    EXPECT_EQ(threads_of(*participant), 2u);
    EXPECT_EQ(threads_of(*moderator), 2u);
    ASSERT_EQ(moderator->request("mod.approve", {{"post", started["post"]["id"]}})["ok"], true);
    EXPECT_EQ(threads_of(*observer), 2u);
}

TEST_F(ThreadTest, TheSameClientMsgIdCreatesOnePost) {
    auto head = head_seq();
    auto first = post(*participant, "Eén keer, ook bij opnieuw proberen.", {{"client_msg_id", "retry-1"}});
    auto again = post(*participant, "Eén keer, ook bij opnieuw proberen.", {{"client_msg_id", "retry-1"}});
    ASSERT_EQ(first["ok"], true);
    ASSERT_EQ(again["ok"], true);
    EXPECT_EQ(first["post"]["id"], again["post"]["id"]);
    EXPECT_EQ(head_seq(), head + 1);
    EXPECT_EQ(posts_seen(*participant).size(), 2u);
    // Another author may use the same id for their own post.
    EXPECT_NE(post(*moderator, "Andere schrijver.", {{"client_msg_id", "retry-1"}})["post"]["id"], first["post"]["id"]);
}

TEST_F(ThreadTest, HiddenPostsAndWhispersStayWithModerators) {
    auto whisper = post(*moderator, "Fluistering-voor-moderatoren", {{"whisper", true}});
    ASSERT_EQ(whisper["ok"], true) << whisper.dump();
    EXPECT_EQ(post(*participant, "Mag niet fluisteren", {{"whisper", true}})["error"]["code"], "forbidden");
    auto visible = post(*participant, "Tekst-die-verborgen-wordt");
    ASSERT_EQ(moderator->request("mod.hide", {{"post", visible["post"]["id"]}, {"reason", "Te herleidbaar"}})["ok"], true);

    EXPECT_EQ(posts_seen(*participant), (std::vector<std::string>{"<hidden>", "Eerste bericht."}));
    EXPECT_EQ(posts_seen(*moderator).size(), 3u);
    auto moderator_page = moderator->request("thread.posts", {{"thread", thread}});
    EXPECT_EQ(moderator_page["posts"][0]["body"], "Tekst-die-verborgen-wordt");
    EXPECT_EQ(moderator_page["posts"][0]["moderation"]["reason"], "Te herleidbaar");
    EXPECT_EQ(moderator_page["posts"][1]["whisper"], true);
    auto participant_replay = json(replay(*participant)).dump();
    EXPECT_EQ(participant_replay.find("Tekst-die-verborgen-wordt"), std::string::npos);
    EXPECT_EQ(participant_replay.find("Fluistering"), std::string::npos);
    auto moderator_replay = json(replay(*moderator)).dump();
    EXPECT_NE(moderator_replay.find("Fluistering-voor-moderatoren"), std::string::npos);
    EXPECT_NE(moderator_replay.find("Tekst-die-verborgen-wordt"), std::string::npos);
    EXPECT_EQ(participant->request("post.history", {{"post", whisper["post"]["id"]}})["error"]["code"], "not_found");

    ASSERT_EQ(moderator->request("mod.restore", {{"post", visible["post"]["id"]}, {"reason", "Toch in orde"}})["ok"], true);
    EXPECT_EQ(posts_seen(*participant)[0], "Tekst-die-verborgen-wordt");
}

TEST_F(ThreadTest, AttributionHidesThePersonFromMembersButNotFromModerators) {
    auto head = head_seq();
    observer->request("session.subscribe", {{"session", session}, {"after_seq", head}});
    moderator->request("session.subscribe", {{"session", session}, {"after_seq", head}});
    auto answer = post(*participant, "Zonder naam.", {{"attribution", "organisation_type"}});
    EXPECT_EQ(answer["post"]["mine"], true);
    auto seen = next_event(*observer)["event"];
    EXPECT_EQ(seen["post"]["author_label"], "een gemeente");
    EXPECT_FALSE(seen["post"].contains("author"));
    EXPECT_EQ(seen["actor"]["id"], nullptr);
    EXPECT_EQ(seen.dump().find("Deelnemer deelnemer"), std::string::npos);
    auto moderated = next_event(*moderator)["event"];
    EXPECT_EQ(moderated["post"]["author"]["id"], participant_user["id"]);
    auto by_organisation = post(*participant, "Namens de gemeente.", {{"attribution", "organisation"}});
    EXPECT_EQ(observer->request("thread.posts", {{"thread", thread}})["posts"][0]["author_label"], "Gemeente Voorbeeld");
}

TEST_F(ThreadTest, RedactionErasesTheTextFromEveryFile) {
    const std::string first = "Zwaluwstaartvlinder7";
    const std::string second = "Koolmeesnestkast9";
    auto created = post(*participant, "Over " + first + " in de wijk.");
    ASSERT_EQ(participant->request("post.edit", {{"post", created["post"]["id"]}, {"body", "Over " + second + " nu."}})["ok"], true);
    auto history = moderator->request("post.history", {{"post", created["post"]["id"]}});
    ASSERT_EQ(history["revisions"].size(), 2u);
    // The check below can fail: before redaction both texts are on disk.
    EXPECT_TRUE(any_file_contains(server.dir(), first));
    EXPECT_TRUE(any_file_contains(server.dir(), second));

    auto redacted = moderator->request("mod.redact", {{"post", created["post"]["id"]}, {"reason", "Herleidbaar"}});
    ASSERT_EQ(redacted["ok"], true) << redacted.dump();
    EXPECT_EQ(redacted["post"]["state"], "redacted");
    EXPECT_FALSE(redacted["post"].contains("body"));
    EXPECT_TRUE(moderator->request("post.history", {{"post", created["post"]["id"]}})["revisions"].empty());
    EXPECT_EQ(posts_seen(*participant)[0], "<redacted>");
    auto all_replay = json(replay(*moderator)).dump();
    EXPECT_EQ(all_replay.find(first), std::string::npos);
    EXPECT_EQ(all_replay.find(second), std::string::npos);

    // Gone from every file while the server runs (the writer truncated the WAL before
    // answering), and still gone after it stopped.
    auto erased_from_disk = [&](const char* when) {
        for (const auto& text : {first, second}) {
            EXPECT_FALSE(any_file_contains(server.dir(), text)) << text << " " << when;
            EXPECT_FALSE(any_file_contains(server.dir(), ascii_lower(text)))
                << ascii_lower(text) << " " << when << " (the search index keeps lower case)";
        }
    };
    erased_from_disk("while running");
    moderator.reset();
    participant.reset();
    expert.reset();
    observer.reset();
    server.stop();
    erased_from_disk("after shutdown");
    EXPECT_EQ(text().find(first), std::string::npos) << "the server log contains post text";
    EXPECT_EQ(text().find(second), std::string::npos);
}

TEST_F(ThreadTest, EveryModerationActionIsAudited) {
    auto a = post(*expert, "wacht 1");
    auto b = post(*expert, "wacht 2");
    auto c = post(*participant, "zichtbaar");
    ASSERT_EQ(moderator->request("mod.approve", {{"post", a["post"]["id"]}})["ok"], true);
    ASSERT_EQ(moderator->request("mod.reject", {{"post", b["post"]["id"]}, {"reason", "buiten de orde"}})["ok"], true);
    ASSERT_EQ(moderator->request("mod.hide", {{"post", c["post"]["id"]}, {"reason", "namen"}})["ok"], true);
    ASSERT_EQ(moderator->request("mod.restore", {{"post", c["post"]["id"]}, {"reason", "opgelost"}})["ok"], true);
    ASSERT_EQ(participant->request("post.flag", {{"post", a["post"]["id"]}, {"reason", "klopt niet"}})["ok"], true);
    EXPECT_EQ(participant->request("post.flag", {{"post", a["post"]["id"]}, {"reason", "nog eens"}})["error"]["code"], "conflict");
    auto queue = moderator->request("mod.queue", {{"session", session}});
    ASSERT_EQ(queue["flags"].size(), 1u);
    EXPECT_EQ(queue["flags"][0]["reason"], "klopt niet");
    ASSERT_EQ(moderator->request("mod.dismiss_flag", {{"flag", queue["flags"][0]["id"]}})["ok"], true);
    ASSERT_EQ(moderator->request("mod.redact", {{"post", a["post"]["id"]}, {"reason", "herleidbaar"}})["ok"], true);
    ASSERT_EQ(moderator->request("thread.lock", {{"thread", thread}})["ok"], true);
    // A second approval finds the post already handled.
    EXPECT_EQ(moderator->request("mod.approve", {{"post", a["post"]["id"]}})["error"]["code"], "conflict");

    auto db = kl::storage::open_database(server.database_path(), kl::storage::OpenMode::read_only);
    std::map<std::string, kl::storage::AuditEntry> entries;
    for (const auto& entry : kl::storage::list_audit(db, std::nullopt, std::nullopt, 1000)) entries.emplace(entry.action, entry);
    for (const auto* action : {"mod.approve", "mod.reject", "mod.hide", "mod.restore", "mod.redact", "mod.dismiss_flag", "thread.lock"}) {
        ASSERT_TRUE(entries.count(action)) << action;
        EXPECT_TRUE(entries[action].actor_id.has_value()) << action;
        EXPECT_TRUE(entries[action].target_id.has_value()) << action;
        EXPECT_EQ(entries[action].session_id, std::stoll(session.c_str())) << action;
    }
    EXPECT_EQ(json::parse(entries["mod.reject"].detail)["reason"], "buiten de orde");
    EXPECT_EQ(json::parse(entries["mod.hide"].detail)["author"], participant_user["id"]);
}

TEST_F(ThreadTest, PostingRulesRefuseWhatIsNotAllowed) {
    EXPECT_EQ(post(*observer, "toehoorder")["error"]["code"], "forbidden");
    EXPECT_EQ(participant->request("mod.hide", {{"post", "1"}, {"reason", "x"}})["error"]["code"], "forbidden");
    EXPECT_EQ(participant->request("thread.lock", {{"thread", thread}})["error"]["code"], "forbidden");
    EXPECT_EQ(participant->request("mod.queue", {{"session", session}})["error"]["code"], "forbidden");
    EXPECT_EQ(post(*participant, "")["error"]["code"], "bad_request");
    EXPECT_EQ(post(*participant, std::string(20001, 'a'))["error"]["code"], "bad_request");
    EXPECT_EQ(post(*participant, "x", {{"reply_to", "99999"}})["error"]["code"], "bad_request");

    // Someone else's post cannot be edited or deleted.
    auto own = post(*participant, "mijn bericht");
    EXPECT_EQ(expert->request("post.edit", {{"post", own["post"]["id"]}, {"body", "overschreven"}})["error"]["code"], "forbidden");
    EXPECT_EQ(expert->request("post.delete", {{"post", own["post"]["id"]}})["error"]["code"], "forbidden");
    auto edited = participant->request("post.edit", {{"post", own["post"]["id"]}, {"body", "mijn bericht, verbeterd"}});
    EXPECT_NE(edited["post"]["edited_at"], nullptr);

    // A premoderated author cannot change an approved post into something else.
    auto expert_post = post(*expert, "goedgekeurd");
    moderator->request("mod.approve", {{"post", expert_post["post"]["id"]}});
    EXPECT_EQ(expert->request("post.edit", {{"post", expert_post["post"]["id"]}, {"body", "iets anders"}})["error"]["code"],
              "forbidden");
    EXPECT_EQ(expert->request("post.delete", {{"post", expert_post["post"]["id"]}})["post"]["state"], "deleted");

    // Mute, slow mode and locks.
    ASSERT_EQ(moderator->request("member.mute", {{"session", session}, {"user", participant_user["id"]}, {"until", "2100-01-01T00:00:00Z"}})["ok"], true);
    auto muted = post(*participant, "stil");
    EXPECT_EQ(muted["error"]["code"], "muted");
    ASSERT_EQ(moderator->request("member.mute", {{"session", session}, {"user", participant_user["id"]}, {"until", nullptr}})["ok"], true);
    ASSERT_EQ(moderator->request("thread.slow_mode", {{"thread", thread}, {"seconds", 600}})["ok"], true);
    auto too_soon = post(*participant, "te snel na 'mijn bericht'");
    EXPECT_EQ(too_soon["error"]["code"], "rate_limited");
    EXPECT_GT(too_soon["retry_after"].get<int>(), 0);
    EXPECT_LE(too_soon["retry_after"].get<int>(), 600);
    auto unlimited = post(*moderator, "moderatoren niet");
    EXPECT_EQ(unlimited["ok"], true) << unlimited.dump();
    ASSERT_EQ(moderator->request("thread.slow_mode", {{"thread", thread}, {"seconds", 0}})["ok"], true);
    ASSERT_EQ(moderator->request("thread.lock", {{"thread", thread}})["ok"], true);
    EXPECT_EQ(post(*participant, "op slot")["error"]["code"], "locked");
    EXPECT_EQ(post(*moderator, "uitleg bij het sluiten")["ok"], true);
    ASSERT_EQ(moderator->request("thread.unlock", {{"thread", thread}})["ok"], true);
    EXPECT_EQ(post(*participant, "weer open")["ok"], true);

    // Outsiders see nothing; archived sessions accept nothing.
    auto [outsider, cookie] = make_user(*moderator, "buiten@gemeente.example");
    WsClient stranger(server.port(), ws_options(cookie));
    EXPECT_EQ(stranger.request("thread.posts", {{"thread", thread}})["error"]["code"], "forbidden");
    EXPECT_EQ(stranger.request("post.create", {{"thread", thread}, {"body", "x"}, {"client_msg_id", "s"}})["error"]["code"], "forbidden");
    ASSERT_EQ(moderator->request("session.archive", {{"session", session}})["ok"], true);
    EXPECT_EQ(post(*participant, "na archiveren")["error"]["code"], "locked");
    EXPECT_EQ(posts_seen(*participant).empty(), false);  // still readable
}

TEST_F(ThreadTest, UnreadCountsAndPagingBackThroughALongThread) {
    for (int i = 0; i < 120; ++i) ASSERT_EQ(post(*moderator, "bericht " + std::to_string(i))["ok"], true);
    auto state = participant->request("session.state", {{"session", session}});
    ASSERT_EQ(state["threads"].size(), 1u);
    EXPECT_EQ(state["threads"][0]["unread"], 120);
    EXPECT_EQ(state["threads"][0]["post_count"], 121);
    std::vector<std::string> bodies;
    std::optional<std::string> before;
    for (;;) {
        json params = {{"thread", thread}, {"limit", 50}};
        if (before) params["before"] = *before;
        auto page = participant->request("thread.posts", params);
        for (const auto& p : page["posts"]) bodies.push_back(p["body"]);
        if (!page["has_more"].get<bool>()) break;
        before = page["posts"].back()["id"];
    }
    ASSERT_EQ(bodies.size(), 121u);
    EXPECT_EQ(bodies.front(), "bericht 119");
    EXPECT_EQ(bodies.back(), "Eerste bericht.");
    EXPECT_EQ(participant->request("thread.read", {{"thread", thread}})["thread"]["unread"], 0);
    EXPECT_EQ(participant->request("session.state", {{"session", session}})["threads"][0]["unread"], 0);
}

TEST_F(ThreadTest, TypingReachesTheOtherSubscribers) {
    auto head = head_seq();
    participant->request("session.subscribe", {{"session", session}, {"after_seq", head}});
    moderator->request("session.subscribe", {{"session", session}, {"after_seq", head}});
    EXPECT_EQ(participant->request("typing", {{"thread", thread}})["ok"], true);
    for (;;) {
        auto frame = moderator->next_frame();
        ASSERT_TRUE(frame);
        if ((*frame)["type"] != "typing") continue;
        EXPECT_EQ((*frame)["thread"], thread);
        EXPECT_EQ((*frame)["user"]["id"], participant_user["id"]);
        break;
    }
    EXPECT_EQ(observer->request("typing", {{"thread", thread}})["error"]["code"], "forbidden");
}

}  // namespace

namespace {

// A subscriber that stops reading must not make the server hold its events without
// bound: once its queue passes the limit (4 MiB) the server drops it, while the others
// keep receiving everything. The slow client would resume later with after_seq.
TEST_F(ThreadTest, ASlowSubscriberIsDroppedWhileTheOthersGetEverything) {
    // 400 posts of 20,000 three-byte characters: ~24 MB of events, more than the socket
    // buffers and the 4 MiB queue limit hold.
    constexpr int posts = 400;
    std::string body;
    for (int i = 0; i < 20000; ++i) body += "\u20ac";  // €
    auto head = head_seq();
    auto slow_cookie = login("toehoorder@gemeente.example", member_password).login_cookie();
    WsClient slow(server.port(), ws_options(slow_cookie));
    ASSERT_EQ(slow.request("session.subscribe", {{"session", session}, {"after_seq", head}})["ok"], true);
    ASSERT_EQ(participant->request("session.subscribe", {{"session", session}, {"after_seq", head}})["ok"], true);
    // The participant reads as a browser would, in its own thread.
    auto received = std::async(std::launch::async, [&] {
        int count = 0;
        while (count < posts) {
            auto frame = participant->next_frame(std::chrono::seconds(60));
            if (!frame) break;
            if ((*frame)["type"] == "event" && (*frame)["event"]["kind"] == "post.created") ++count;
        }
        return count;
    });
    post_in_windows(posts, 20, [&](int) { return body; });
    EXPECT_EQ(received.get(), posts);
    // The slow client now reads what reached it before the server dropped it, then
    // finds the connection gone: far fewer than all events.
    int slow_events = 0;
    for (;;) {
        auto frame = slow.next_frame(std::chrono::seconds(30));
        if (!frame) break;
        if ((*frame)["type"] == "event") ++slow_events;
    }
    EXPECT_LT(slow_events, posts);

    // It resumes from its last seq and gets every event it missed, in order: a replay
    // larger than the live queue limit is not mistaken for falling behind again.
    WsClient resumed(server.port(), ws_options(slow_cookie));
    auto answer = resumed.request("session.subscribe", {{"session", session}, {"after_seq", head + slow_events}});
    ASSERT_EQ(answer["ok"], true) << answer.dump();
    EXPECT_EQ(answer["head_seq"], head + posts);
    for (std::int64_t seq = head + slow_events + 1; seq <= head + posts; ++seq) {
        auto event = next_event(resumed);
        ASSERT_EQ(event["seq"], seq);
    }
}

TEST_F(ThreadTest, ASubscriberThatPausesGetsEveryEventIntactWhenItReadsAgain) {
    // 1,800 posts of ~600 bytes: ~2 MB of small frames, more than the loopback socket
    // buffers of a reader that has stopped reading, less than the 4 MiB / 4096-frame
    // queue limit. The server's writes then have to wait for the socket part-way (TLS
    // records built from many small frames, retried when the socket takes more), and
    // every byte must still arrive once, in order.
    // (Below the per-connection request limit's burst of 2,000, too.)
    constexpr int posts = 1800;
    auto head = head_seq();
    auto paused_cookie = login("toehoorder@gemeente.example", member_password).login_cookie();
    WsClient paused(server.port(), ws_options(paused_cookie));
    ASSERT_EQ(paused.request("session.subscribe", {{"session", session}, {"after_seq", head}})["ok"], true);
    post_in_windows(posts, 50, [](int i) { return "bericht " + std::to_string(i) + " " + std::string(580, 'x'); });
    for (int i = 0; i < posts; ++i) {
        auto event = next_event(paused);
        ASSERT_EQ(event["seq"], head + 1 + i);
        ASSERT_EQ(event["event"]["kind"], "post.created");
        ASSERT_EQ(event["event"]["post"]["body"], "bericht " + std::to_string(i) + " " + std::string(580, 'x'));
    }
    EXPECT_EQ(paused.request("hello")["ok"], true);  // still connected: never over the limit
}

}  // namespace
