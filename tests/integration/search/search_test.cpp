// Search against the real server over TLS, under abuse: a session among many matches
// of another session finds only its own, each connection has a search rate of its own
// (refused beyond it with retry_after, served again as it refills, other verbs and
// other connections untouched), and the visibility gate still decides every hit (a
// from_join guest, a pending thread, a whisper).
#include "support/fixture.hpp"

#include <map>
#include <set>

using namespace kl::test;
using nlohmann::json;

namespace {

constexpr unsigned search_burst = 5;
constexpr unsigned search_rate = 2;

class SearchTest : public ClockHolder, public SessionMembersTest {
protected:
    SearchTest()
        : SessionMembersTest(&clock, [](kl::app::ServerConfig& config) {
              config.search_rate = search_rate;
              config.search_burst = search_burst;
          }) {}

    int next_msg = 0;

    void advance(std::chrono::seconds by) { clock.set(clock.now() + by); }

    // A search after a pause long enough for the connection's bucket to be full again:
    // the tests of what is found do not run into the rate.
    json search(WsClient& client, const std::string& q, std::optional<int> limit = std::nullopt,
                const std::string& in_session = "") {
        advance(std::chrono::seconds(search_burst));
        json params = {{"session", in_session.empty() ? session : in_session}, {"q", q}};
        if (limit) params["limit"] = *limit;
        return client.request("search", params);
    }
    static std::set<std::string> hit_ids(const json& answer) {
        std::set<std::string> ids;
        for (const auto& hit : answer["hits"]) ids.insert(hit["kind"].get<std::string>() + ":" + hit["id"].get<std::string>());
        return ids;
    }
    static bool mentions(const json& value, const std::string& text) { return value.dump().find(text) != std::string::npos; }

    json start_thread(WsClient& client, const std::string& in_session, const std::string& title, const std::string& body) {
        auto answer = client.request("thread.create", {{"session", in_session}, {"title", title}, {"kind", "casus"}, {"body", body}});
        EXPECT_EQ(answer["ok"], true) << answer.dump();
        return answer;
    }
    json post(WsClient& client, const std::string& thread, const std::string& body, json extra = json::object()) {
        extra["thread"] = thread;
        extra["body"] = body;
        extra["client_msg_id"] = "z" + std::to_string(++next_msg);
        return client.request("post.create", extra);
    }
    std::string first_column(const std::string& in_session) {
        return moderator->request("session.state", {{"session", in_session}})["board"]["columns"][0]["id"];
    }

    // Sends the frames at once and returns the answers by request id.
    static std::map<std::string, json> pipeline(WsClient& client, const std::vector<json>& requests) {
        for (const auto& request : requests) client.send_text(request.dump());
        std::map<std::string, json> answers;
        while (answers.size() < requests.size()) {
            auto frame = client.next_frame();
            if (!frame) throw std::runtime_error("connection closed");
            if (frame->contains("re")) answers[(*frame)["re"]] = *frame;
        }
        return answers;
    }
    std::vector<json> searches(const std::string& prefix, unsigned count, const std::string& q) const {
        std::vector<json> requests;
        for (unsigned i = 0; i < count; ++i)
            requests.push_back({{"id", prefix + std::to_string(i)}, {"type", "search"}, {"session", session}, {"q", q}});
        return requests;
    }
};

TEST_F(SearchTest, ASessionAmongManyMatchesOfAnotherFindsOnlyItsOwn) {
    // Another session, of which the participant is a member too, full of shorter (so
    // better ranked) matches of every kind: 300 posts, threads, a card and a note.
    auto other = moderator->request("session.create", {{"title", "Druk kennislab"}})["session"]["id"].get<std::string>();
    add_members(*moderator, other, {{&participant_user, "participant"}});
    auto busy = start_thread(*moderator, other, "Radicalisering", "Radicalisering.");
    std::vector<json> posts;
    for (int i = 0; i < 300; ++i)
        posts.push_back({{"id", "p" + std::to_string(i)}, {"type", "post.create"}, {"thread", busy["thread"]["id"]},
                         {"body", "Radicalisering " + std::to_string(i)}, {"client_msg_id", "druk" + std::to_string(i)}});
    for (const auto& [id, answer] : pipeline(*moderator, posts)) ASSERT_EQ(answer["ok"], true) << answer.dump();
    for (int i = 0; i < 5; ++i) start_thread(*moderator, other, "Radicalisering " + std::to_string(i), "Radicalisering.");
    ASSERT_EQ(moderator->request("board.card.create", {{"session", other}, {"column", first_column(other)}, {"title", "Radicalisering"}})["ok"], true);
    ASSERT_EQ(moderator->request("notes.block.create", {{"session", other}, {"kind", "insight"}, {"text", "Radicalisering"}})["ok"], true);
    ASSERT_EQ(moderator->request("notes.publish", {{"session", other}})["ok"], true);

    // In the searched session: one of each kind, with longer texts.
    std::set<std::string> expected;
    auto here = start_thread(*participant, session, "Zorgen over radicalisering in de wijk",
                             "Op school vallen signalen van radicalisering op bij een paar leerlingen.");
    expected.insert("thread:" + here["thread"]["id"].get<std::string>());
    expected.insert("post:" + here["post"]["id"].get<std::string>());
    auto reply = post(*participant, here["thread"]["id"], "Ook de jongerenwerker ziet radicalisering bij oudere jongeren.");
    expected.insert("post:" + reply["post"]["id"].get<std::string>());
    auto card = participant->request("board.card.create", {{"session", session}, {"column", first_column(session)},
                                                           {"title", "Aanpak"}, {"body", "Vroegsignalering van radicalisering op scholen."}});
    expected.insert("card:" + card["card"]["id"].get<std::string>());
    auto note = moderator->request("notes.block.create", {{"session", session}, {"kind", "decision"},
                                                          {"text", "We delen signalen van radicalisering met het zorgnetwerk."}});
    expected.insert("note:" + note["block"]["id"].get<std::string>());
    ASSERT_EQ(moderator->request("notes.publish", {{"session", session}})["ok"], true);

    for (const char* q : {"radicalisering", "radi", "ra", "r ra"}) {
        auto found = search(*participant, q, 20);
        ASSERT_EQ(found["ok"], true) << found.dump();
        EXPECT_EQ(hit_ids(found), expected) << q;
        EXPECT_FALSE(mentions(found, "Druk") || mentions(found, "\"Radicalisering\"")) << found.dump();
    }
    // One character alone would match nearly every word of every session: no search.
    auto one = search(*participant, "r", 20);
    ASSERT_EQ(one["ok"], true) << one.dump();
    EXPECT_TRUE(one["hits"].empty()) << one.dump();
    // A smaller limit: the best of this session's, never filled up from elsewhere.
    auto two = search(*participant, "radicalisering", 2);
    ASSERT_EQ(two["hits"].size(), 2u) << two.dump();
    for (const auto& id : hit_ids(two)) EXPECT_TRUE(expected.count(id)) << id;
    // The other session, searched there, has its own.
    auto there = search(*participant, "radicalisering", 50, other);
    EXPECT_EQ(there["hits"].size(), 50u);
    for (const auto& id : hit_ids(there)) EXPECT_FALSE(expected.count(id)) << id;
}

TEST_F(SearchTest, SearchesBeyondTheConnectionsRateAreRefusedWithRetryAfter) {
    ASSERT_EQ(start_thread(*participant, session, "Buurtpreventie", "Over buurtpreventie.")["ok"], true);
    // The burst at once, then two more: those are refused, at once and with retry_after.
    auto answers = pipeline(*participant, searches("s", search_burst + 2, "buurt"));
    int ok = 0, refused = 0;
    for (const auto& [id, answer] : answers) {
        if (answer["ok"] == true) {
            ++ok;
            EXPECT_EQ(answer["hits"].size(), 2u) << answer.dump();
        } else {
            ++refused;
            EXPECT_EQ(answer["error"]["code"], "rate_limited") << answer.dump();
            EXPECT_FALSE(answer["error"]["message"].get<std::string>().empty());
            EXPECT_EQ(answer["retry_after"], 1);
        }
    }
    EXPECT_EQ(ok, static_cast<int>(search_burst));
    EXPECT_EQ(refused, 2);
    // Invalid searches count too; the same second they are refused before validation.
    EXPECT_EQ(participant->request("search", {{"session", session}, {"q", ""}})["error"]["code"], "rate_limited");
    // Other verbs on the same connection are not slowed down.
    EXPECT_EQ(participant->request("session.state", {{"session", session}})["ok"], true);
    // Another connection of the same person has a search rate of its own.
    WsClient second(server.port(), ws_options(participant_cookie));
    EXPECT_EQ(second.request("search", {{"session", session}, {"q", "buurt"}})["ok"], true);
    // A second later: search_rate searches again, and no more.
    advance(std::chrono::seconds(1));
    answers = pipeline(*participant, searches("t", search_rate + 1, "buurt"));
    ok = 0;
    for (const auto& [id, answer] : answers) ok += answer["ok"] == true ? 1 : 0;
    EXPECT_EQ(ok, static_cast<int>(search_rate));
}

TEST_F(SearchTest, SearchesWithinTheRateAreAllServed) {
    ASSERT_EQ(start_thread(*participant, session, "Buurtpreventie", "Over buurtpreventie.")["ok"], true);
    advance(std::chrono::seconds(10));
    // search_rate a second, for a minute, after the burst was used up at the start.
    for (unsigned i = 0; i < search_burst; ++i)
        ASSERT_EQ(participant->request("search", {{"session", session}, {"q", "buurt"}})["ok"], true);
    for (int second = 0; second < 60; ++second) {
        advance(std::chrono::seconds(1));
        for (const auto& [id, answer] : pipeline(*participant, searches("u" + std::to_string(second) + "-", search_rate, "buurt")))
            ASSERT_EQ(answer["ok"], true) << answer.dump();
    }
    // Connections that come and go each get the whole burst after a pause.
    advance(std::chrono::minutes(1));
    for (int i = 0; i < 3; ++i) {
        WsClient brief(server.port(), ws_options(expert_cookie));
        for (unsigned j = 0; j < search_burst; ++j)
            EXPECT_EQ(brief.request("search", {{"session", session}, {"q", "buurt"}})["ok"], true) << i << "/" << j;
        advance(std::chrono::seconds(search_burst));
    }
}

TEST_F(SearchTest, TheVisibilityGateStillDecidesEveryHit) {
    // Before a from_join guest joins: a thread, a card and a note about the "haven".
    auto old_thread = start_thread(*moderator, session, "Oude casus over de haven", "Oud bericht over de haven.");
    ASSERT_EQ(moderator->request("board.card.create", {{"session", session}, {"column", first_column(session)},
                                                       {"title", "Oude kaart over de haven"}})["ok"], true);
    ASSERT_EQ(moderator->request("notes.block.create", {{"session", session}, {"kind", "decision"}, {"text", "Oude afspraak over de haven."}})["ok"], true);
    ASSERT_EQ(moderator->request("notes.publish", {{"session", session}})["ok"], true);
    advance(std::chrono::seconds(60));
    auto guest_cookie = join_from_now("gast@universiteit.example");
    advance(std::chrono::seconds(60));
    WsClient guest(server.port(), ws_options(guest_cookie));

    // After joining: a whisper and a new thread about the haven.
    auto whisper = post(*moderator, old_thread["thread"]["id"], "Fluistering over de haven.", {{"whisper", true}});
    ASSERT_EQ(whisper["ok"], true) << whisper.dump();
    auto fresh = start_thread(*participant, session, "Nieuwe casus over de haven", "Nieuw bericht over de haven.");

    auto guest_hits = search(guest, "haven");
    ASSERT_EQ(guest_hits["ok"], true) << guest_hits.dump();
    EXPECT_EQ(hit_ids(guest_hits), (std::set<std::string>{"thread:" + fresh["thread"]["id"].get<std::string>(),
                                                          "post:" + fresh["post"]["id"].get<std::string>()}));
    EXPECT_FALSE(mentions(guest_hits, "Oud") || mentions(guest_hits, "Fluistering")) << guest_hits.dump();
    // A member from the start sees the old content, never the whisper.
    auto member_hits = search(*observer, "haven");
    EXPECT_EQ(member_hits["hits"].size(), 6u) << member_hits.dump();
    EXPECT_FALSE(mentions(member_hits, "Fluistering")) << member_hits.dump();
    // The moderator sees the whisper too.
    auto moderator_hits = search(*moderator, "haven");
    EXPECT_EQ(moderator_hits["hits"].size(), 7u) << moderator_hits.dump();
    EXPECT_TRUE(mentions(moderator_hits, "Fluistering")) << moderator_hits.dump();
}

class PremoderatedSearchTest : public SearchTest {
protected:
    json session_params() const override {
        return {{"title", "Voorgemodereerd"}, {"premoderation", true}, {"premoderate_participants", true}};
    }
};

TEST_F(PremoderatedSearchTest, APendingThreadIsFoundOnlyByItsAuthorAndTheModerators) {
    auto pending = start_thread(*participant, session, "Zorgen over een buurtbewoner", "Een casus over de buurtbewoner die nog wacht.");
    ASSERT_EQ(pending["thread"]["pending"], true) << pending.dump();
    auto reply = post(*moderator, pending["thread"]["id"], "Antwoord van de moderator over de buurtbewoner.");
    ASSERT_EQ(reply["ok"], true) << reply.dump();
    for (auto* client : {expert.get(), observer.get()}) {
        auto hits = search(*client, "buurtbewoner");
        ASSERT_EQ(hits["ok"], true) << hits.dump();
        EXPECT_TRUE(hits["hits"].empty()) << hits.dump();
    }
    // The title and the reply; a pending post is no text said in the session yet.
    EXPECT_EQ(search(*participant, "buurtbewoner")["hits"].size(), 2u);
    EXPECT_EQ(search(*moderator, "buurtbewoner")["hits"].size(), 2u);
    // Once approved, every member finds it, with its first post.
    ASSERT_EQ(moderator->request("mod.approve", {{"post", pending["post"]["id"]}})["ok"], true);
    EXPECT_EQ(search(*observer, "buurtbewoner")["hits"].size(), 3u);
}

}  // namespace
