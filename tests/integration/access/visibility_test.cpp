// The visibility gate against the real server over TLS: each way a hostile member
// once read what they may not see, next to the allowed case, and a race that removes
// and demotes members while they re-subscribe in a loop.
#include "support/fixture.hpp"

#include <atomic>
#include <thread>

using namespace kl::test;
using nlohmann::json;

namespace {

class VisibilityTest : public ClockHolder, public SessionMembersTest {
protected:
    explicit VisibilityTest(const std::function<void(kl::app::ServerConfig&)>& adjust = {})
        : SessionMembersTest(&clock, adjust) {}

    int next_msg = 0;

    void advance(std::chrono::seconds by) { clock.set(clock.now() + by); }

    json start_thread(WsClient& client, const std::string& title, const std::string& body) {
        auto answer = client.request("thread.create", {{"session", session}, {"title", title}, {"kind", "casus"}, {"body", body}});
        EXPECT_EQ(answer["ok"], true) << answer.dump();
        return answer;
    }
    json post(WsClient& client, const std::string& thread, const std::string& body, json extra = json::object()) {
        extra["thread"] = thread;
        extra["body"] = body;
        if (!extra.contains("client_msg_id")) extra["client_msg_id"] = "v" + std::to_string(++next_msg);
        return client.request("post.create", extra);
    }
    std::string first_column() {
        return moderator->request("session.state", {{"session", session}})["board"]["columns"][0]["id"];
    }
    // A guest invited with history from_join, a minute after everything made so far.
    std::unique_ptr<WsClient> from_join_guest(const std::string& role = "participant") {
        advance(std::chrono::seconds(60));
        auto cookie = join_from_now("gast" + std::to_string(++next_msg) + "@universiteit.example", role);
        advance(std::chrono::seconds(60));
        return std::make_unique<WsClient>(server.port(), ws_options(cookie));
    }
    // Events on client until the session.updated whose description is marker (the
    // moderator sends it); what came before it, in order.
    std::vector<json> events_until_marker(WsClient& client, const std::string& marker) {
        std::vector<json> events;
        for (;;) {
            auto event = next_event(client);
            if (event["event"]["kind"] == "session.updated" && event["event"]["session"]["description"] == marker) return events;
            events.push_back(event);
        }
    }
    // Subscribes client from the session's head now: only what happens next arrives.
    void subscribe_at_head(WsClient& client) {
        auto head = client.request("session.state", {{"session", session}})["head_seq"];
        ASSERT_EQ(client.request("session.subscribe", {{"session", session}, {"after_seq", head}})["ok"], true);
    }
    void send_marker(const std::string& marker) {
        ASSERT_EQ(moderator->request("session.update", {{"session", session}, {"description", marker}})["ok"], true);
    }
};

bool mentions(const json& value, const std::string& text) { return value.dump().find(text) != std::string::npos; }

TEST_F(VisibilityTest, AFromJoinGuestCannotQuoteAPostFromBeforeJoiningOntoTheBoard) {
    auto old = start_thread(*participant, "Casus van voor de gast", "Vertrouwelijk verhaal van voor de gast.");
    auto guest = from_join_guest();
    auto column = first_column();
    auto refused = guest->request("board.card.create", {{"session", session}, {"column", column}, {"title", "Citaat"},
                                                        {"source_post", old["post"]["id"]}});
    EXPECT_EQ(refused["error"]["code"], "bad_request") << refused.dump();
    EXPECT_FALSE(mentions(refused, "Vertrouwelijk verhaal")) << refused.dump();
    EXPECT_FALSE(mentions(refused, "Casus van voor de gast")) << refused.dump();
    // The allowed case: a post from after joining can be quoted.
    auto fresh = post(*participant, old["thread"]["id"], "Nieuw verhaal na de gast.");
    ASSERT_EQ(fresh["ok"], true) << fresh.dump();
    auto allowed = guest->request("board.card.create", {{"session", session}, {"column", column}, {"title", "Citaat"},
                                                        {"source_post", fresh["post"]["id"]}});
    ASSERT_EQ(allowed["ok"], true) << allowed.dump();
    EXPECT_EQ(allowed["card"]["source_post"]["quote"], "Nieuw verhaal na de gast.");
}

TEST_F(VisibilityTest, AFromJoinGuestGetsNoOldCardFromAConflictAnswer) {
    auto column = first_column();
    auto old = moderator->request("board.card.create", {{"session", session}, {"column", column}, {"title", "Oude kaart met namen"}});
    ASSERT_EQ(old["ok"], true);
    auto guest = from_join_guest();
    auto refused = guest->request("board.card.update", {{"card", old["card"]["id"]}, {"version", 999999}, {"title", "x"}});
    EXPECT_EQ(refused["error"]["code"], "not_found") << refused.dump();
    EXPECT_FALSE(mentions(refused, "Oude kaart met namen"));
    EXPECT_EQ(guest->request("board.card.delete", {{"card", old["card"]["id"]}, {"version", 1}})["error"]["code"], "not_found");
    // The allowed case: a card from after joining comes back whole with conflict.
    auto fresh = moderator->request("board.card.create", {{"session", session}, {"column", column}, {"title", "Nieuwe kaart"}});
    auto conflict = guest->request("board.card.update", {{"card", fresh["card"]["id"]}, {"version", 999999}, {"title", "x"}});
    EXPECT_EQ(conflict["error"]["code"], "conflict");
    EXPECT_EQ(conflict["card"]["title"], "Nieuwe kaart") << conflict.dump();
    // And the participant with the full history gets the old card with its conflict.
    auto full = participant->request("board.card.update", {{"card", old["card"]["id"]}, {"version", 999999}, {"title", "x"}});
    EXPECT_EQ(full["card"]["title"], "Oude kaart met namen");
}

TEST_F(VisibilityTest, TheBoardSessionStateSharesIsTheViewersOwn) {
    // session.state's board is serialised once per board version and audience and
    // shared (board/board_cache.hpp): loaded by a member with the full history first, it
    // must still be the guest's own board for the guest, and a change must show at once.
    auto column = first_column();
    auto old = moderator->request("board.card.create", {{"session", session}, {"column", column}, {"title", "Kaart van voor de gast"}});
    ASSERT_EQ(old["ok"], true);
    auto guest = from_join_guest();
    auto state_of = [&](WsClient& client) { return client.request("session.state", {{"session", session}})["board"]; };
    EXPECT_TRUE(mentions(state_of(*participant), "Kaart van voor de gast"));
    EXPECT_TRUE(mentions(state_of(*moderator), "Kaart van voor de gast"));
    auto guests = state_of(*guest);
    EXPECT_FALSE(mentions(guests, "Kaart van voor de gast")) << guests.dump();
    EXPECT_EQ(guests["columns"].size(), state_of(*participant)["columns"].size());

    // A new card and a retitled old one show in the very next state of everyone
    // (the guest now sees the old card too: it changed after they joined).
    ASSERT_EQ(moderator->request("board.card.create", {{"session", session}, {"column", column}, {"title", "Nieuwe kaart"}})["ok"], true);
    ASSERT_EQ(moderator->request("board.card.update", {{"card", old["card"]["id"]}, {"version", old["card"]["version"]}, {"title", "Herzien"}})["ok"], true);
    for (auto* client : {participant.get(), moderator.get(), guest.get()}) {
        auto board = state_of(*client);
        EXPECT_TRUE(mentions(board, "Nieuwe kaart"));
        EXPECT_TRUE(mentions(board, "Herzien"));
        EXPECT_FALSE(mentions(board, "Kaart van voor de gast")) << board.dump();
    }
}

TEST_F(VisibilityTest, AFromJoinGuestFindsNoOldThreadThroughPagingOrReading) {
    auto old = start_thread(*participant, "Oude titel met een naam", "Oud bericht.");
    auto guest = from_join_guest();
    std::string thread = old["thread"]["id"];
    for (const char* verb : {"thread.posts", "thread.read"}) {
        auto refused = guest->request(verb, {{"thread", thread}});
        EXPECT_EQ(refused["error"]["code"], "not_found") << verb << refused.dump();
        EXPECT_FALSE(mentions(refused, "Oude titel met een naam")) << verb;
    }
    EXPECT_EQ(guest->request("post.history", {{"post", old["post"]["id"]}})["error"]["code"], "not_found");
    EXPECT_EQ(guest->request("post.flag", {{"post", old["post"]["id"]}, {"reason", "x"}})["error"]["code"], "not_found");
    // The allowed case: the observer (full history) pages the same thread.
    auto allowed = observer->request("thread.posts", {{"thread", thread}});
    EXPECT_EQ(allowed["thread"]["title"], "Oude titel met een naam");
}

TEST_F(VisibilityTest, OldObjectsThatChangeDoNotReachAFromJoinGuestLive) {
    auto old = start_thread(*participant, "Oude casus", "Oud bericht met details.");
    std::string thread = old["thread"]["id"], old_post = old["post"]["id"];
    auto guest = from_join_guest();
    subscribe_at_head(*guest);
    subscribe_at_head(*observer);
    ASSERT_EQ(participant->request("post.edit", {{"post", old_post}, {"body", "Oud bericht, bijgewerkt."}})["ok"], true);
    ASSERT_EQ(moderator->request("thread.pin", {{"thread", thread}})["ok"], true);
    ASSERT_EQ(moderator->request("thread.lock", {{"thread", thread}})["ok"], true);
    ASSERT_EQ(moderator->request("mod.hide", {{"post", old_post}, {"reason", "te herleidbaar"}})["ok"], true);
    ASSERT_EQ(moderator->request("mod.restore", {{"post", old_post}, {"reason", "toch in orde"}})["ok"], true);
    send_marker("markering 1");
    auto seen_by_guest = events_until_marker(*guest, "markering 1");
    for (const auto& event : seen_by_guest) ADD_FAILURE() << "the guest got " << event.dump();
    // The allowed case: a member with the full history hears every change.
    EXPECT_EQ(events_until_marker(*observer, "markering 1").size(), 5u);
    // And what is new reaches the guest: a new post in the old thread.
    ASSERT_EQ(post(*participant, thread, "Nieuw na het opnieuw openen.")["ok"], false);  // locked for participants
    ASSERT_EQ(post(*moderator, thread, "Nieuw bericht van de moderator.")["ok"], true);
    send_marker("markering 2");
    auto fresh = events_until_marker(*guest, "markering 2");
    ASSERT_EQ(fresh.size(), 1u);
    EXPECT_EQ(fresh[0]["event"]["post"]["body"], "Nieuw bericht van de moderator.");
}

class PremoderatedVisibilityTest : public VisibilityTest {
protected:
    json session_params() const override {
        return {{"title", "Voorgemodereerd"}, {"premoderation", true}, {"premoderate_participants", true}};
    }
};

TEST_F(PremoderatedVisibilityTest, AModeratorsReplyInAPendingThreadStaysWithItsAuthorAndTheModerators) {
    for (auto* client : {participant.get(), expert.get(), observer.get()})
        ASSERT_EQ(client->request("session.subscribe", {{"session", session}, {"after_seq", 0}})["ok"], true);
    auto pending = start_thread(*participant, "Zorgen over een buurtbewoner", "Een casus die nog wacht.");
    ASSERT_EQ(pending["thread"]["pending"], true) << pending.dump();
    auto reply = post(*moderator, pending["thread"]["id"], "Antwoord van de moderator in een wachtend gesprek.");
    ASSERT_EQ(reply["ok"], true) << reply.dump();
    // A card quoting that reply would put the pending thread's title on everyone's board.
    auto card = moderator->request("board.card.create", {{"session", session}, {"column", first_column()}, {"title", "Citaat"},
                                                         {"source_post", reply["post"]["id"]}});
    EXPECT_EQ(card["error"]["code"], "bad_request") << card.dump();
    send_marker("na het antwoord");
    for (auto* client : {expert.get(), observer.get()})
        for (const auto& event : events_until_marker(*client, "na het antwoord"))
            EXPECT_FALSE(mentions(event, "Antwoord van de moderator") || mentions(event, "Zorgen over een buurtbewoner")) << event.dump();
    // The allowed case: the thread's author hears the reply.
    bool heard = false;
    for (const auto& event : events_until_marker(*participant, "na het antwoord"))
        heard = heard || mentions(event, "Antwoord van de moderator");
    EXPECT_TRUE(heard);
    // The other members' state and board know nothing of it.
    auto state = observer->request("session.state", {{"session", session}});
    EXPECT_FALSE(mentions(state, "Zorgen over een buurtbewoner")) << state.dump();
    // Once approved, everyone hears that the thread opened.
    ASSERT_EQ(moderator->request("mod.approve", {{"post", pending["post"]["id"]}})["ok"], true);
    send_marker("na goedkeuring");
    bool approved = false;
    for (const auto& event : events_until_marker(*observer, "na goedkeuring"))
        approved = approved || (event["event"]["kind"] == "post.approved" && mentions(event, "Een casus die nog wacht."));
    EXPECT_TRUE(approved);
}

TEST_F(VisibilityTest, ARetriedClientMsgIdIsLookedUpInItsOwnSessionOnly) {
    auto other = moderator->request("session.create", {{"title", "Andere sessie"}});
    std::string other_session = other["session"]["id"];
    add_members(*moderator, other_session, {{&participant_user, "participant"}});
    auto elsewhere = participant->request("thread.create", {{"session", other_session}, {"title", "Geheim elders"}, {"kind", "casus"},
                                                            {"body", "Tekst uit de andere sessie."}, {"client_msg_id", "zelfde"}});
    ASSERT_EQ(elsewhere["ok"], true);
    auto reply_elsewhere = post(*participant, elsewhere["thread"]["id"], "Antwoord elders.", {{"client_msg_id", "hergebruikt"}});
    ASSERT_EQ(reply_elsewhere["ok"], true);
    ASSERT_EQ(moderator->request("member.remove", {{"session", other_session}, {"user", participant_user["id"]}})["ok"], true);
    // The same ids here make new objects here; nothing of the other session comes back.
    auto here = start_thread(*participant, "Hier", "Tekst van hier.");
    auto same_thread = participant->request("thread.create", {{"session", session}, {"title", "Nieuw"}, {"kind", "casus"},
                                                              {"body", "Nieuwe tekst."}, {"client_msg_id", "zelfde"}});
    ASSERT_EQ(same_thread["ok"], true) << same_thread.dump();
    EXPECT_NE(same_thread["thread"]["id"], elsewhere["thread"]["id"]);
    EXPECT_FALSE(mentions(same_thread, "Geheim elders"));
    auto same_post = post(*participant, here["thread"]["id"], "Nieuw antwoord.", {{"client_msg_id", "hergebruikt"}});
    ASSERT_EQ(same_post["ok"], true) << same_post.dump();
    EXPECT_EQ(same_post["post"]["body"], "Nieuw antwoord.");
    // A retry in the same thread still answers the first post (the allowed case)...
    auto retry = post(*participant, here["thread"]["id"], "Nog eens.", {{"client_msg_id", "hergebruikt"}});
    EXPECT_EQ(retry["post"]["id"], same_post["post"]["id"]);
    // ...and the same id in another thread of this session is refused, not answered with that post.
    auto misused = post(*participant, same_thread["thread"]["id"], "Elders.", {{"client_msg_id", "hergebruikt"}});
    EXPECT_EQ(misused["error"]["code"], "conflict") << misused.dump();
    EXPECT_FALSE(mentions(misused, "Nieuw antwoord."));
}

TEST_F(VisibilityTest, ACardFromOnesOwnPostWithoutNameDoesNotNameTheAuthor) {
    auto thread = start_thread(*participant, "Vraag", "Open vraag.");
    auto anonymous = post(*participant, thread["thread"]["id"], "Wat wij zagen.", {{"attribution", "organisation"}});
    ASSERT_EQ(anonymous["ok"], true) << anonymous.dump();
    auto card = participant->request("board.card.create", {{"session", session}, {"column", first_column()}, {"title", "Gezien"},
                                                           {"source_post", anonymous["post"]["id"]}});
    ASSERT_EQ(card["ok"], true) << card.dump();
    std::string name = participant_user["display_name"];
    for (auto* client : {participant.get(), observer.get(), expert.get()}) {
        auto cards = client->request("session.state", {{"session", session}})["board"]["cards"];
        ASSERT_EQ(cards.size(), 1u);
        EXPECT_FALSE(mentions(cards[0], name)) << cards[0].dump();
        EXPECT_FALSE(mentions(cards[0]["created_by"], participant_user["id"].get<std::string>()));
        EXPECT_EQ(cards[0]["created_by"]["display_name"], anonymous["post"]["author_label"]);
    }
    // The allowed case: moderators see every author, the card's too; and a card from
    // a named post names its maker.
    auto cards = moderator->request("session.state", {{"session", session}})["board"]["cards"];
    EXPECT_EQ(cards[0]["created_by"]["id"], participant_user["id"]);
    auto named = post(*participant, thread["thread"]["id"], "Met naam.");
    auto named_card = participant->request("board.card.create", {{"session", session}, {"column", first_column()},
                                                                 {"title", "Met naam"}, {"source_post", named["post"]["id"]}});
    EXPECT_EQ(named_card["card"]["created_by"]["display_name"], name);
}

TEST_F(VisibilityTest, NotePositionsTellMembersNothingAboutDrafts) {
    auto published = moderator->request("notes.block.create", {{"session", session}, {"kind", "decision"}, {"text", "Besluit."}});
    ASSERT_EQ(published["ok"], true);
    ASSERT_EQ(moderator->request("notes.publish", {{"session", session}})["ok"], true);
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(moderator->request("notes.block.create", {{"session", session}, {"kind", "insight"},
                                                            {"text", "Concept " + std::to_string(i)}, {"position", 0}})["ok"], true);
    auto notes = participant->request("session.state", {{"session", session}})["notes"];
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0]["position"], 0) << notes.dump();
    // The allowed case: moderators see where it stands among the drafts.
    auto all = moderator->request("session.state", {{"session", session}})["notes"];
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[3]["text"], "Besluit.");
    EXPECT_EQ(all[3]["position"], 3);
    // A published block that changes reaches members with their count too.
    subscribe_at_head(*participant);
    ASSERT_EQ(moderator->request("notes.block.update", {{"block", published["block"]["id"]}, {"version", 1}, {"text", "Besluit, aangepast."}})["ok"], true);
    auto event = next_event(*participant);
    ASSERT_EQ(event["event"]["kind"], "note.updated") << event.dump();
    EXPECT_EQ(event["event"]["block"]["position"], 0);
    EXPECT_EQ(event["event"]["order"].size(), 1u);
}

// A member re-subscribes in a loop on their own connection while the moderator removes
// them (or takes their moderator role) and makes something they may then not see. Each
// round stops the loop before their rights come back, reads everything that reached
// them, and checks that none of it was made while they had no right to it.
class RaceTest : public VisibilityTest {
protected:
    // The victim re-subscribes as fast as it can, thousands of times: no request limit.
    RaceTest() : VisibilityTest([](kl::app::ServerConfig& config) { config.request_rate = 0; }) {}

    // Runs client's subscribe loop (from after_seq) until stop; returns every frame it received.
    static std::vector<json> subscribe_in_a_loop(WsClient& client, const std::string& session, std::int64_t after_seq,
                                                 const std::atomic<bool>& stop) {
        std::vector<json> frames;
        while (!stop.load()) {
            auto answer = client.request("session.subscribe", {{"session", session}, {"after_seq", after_seq}});
            for (auto& frame : client.take_kept()) frames.push_back(std::move(frame));
            frames.push_back(answer);
        }
        client.request("hello");  // everything sent before this answer has arrived
        for (auto& frame : client.take_kept()) frames.push_back(std::move(frame));
        return frames;
    }

    // Runs rounds: forbid() takes the right away, secret(round) makes something only the
    // rightful may see (its text names the round), restore() gives the right back.
    void race(WsClient& victim, int rounds, const std::function<void()>& forbid,
              const std::function<void(int)>& secret, const std::function<void()>& restore) {
        for (int round = 0; round < rounds; ++round) {
            std::atomic<bool> stop = false;
            std::vector<json> frames;
            // Replays start at this round's beginning: earlier rounds' secrets may reach
            // the victim again now that their right is back, and would only cost time.
            std::int64_t head = moderator->request("session.state", {{"session", session}})["head_seq"];
            std::thread loop([&] { frames = subscribe_in_a_loop(victim, session, head, stop); });
            forbid();
            secret(round);
            stop = true;
            loop.join();
            auto text = "geheim " + std::to_string(round) + ".";
            for (const auto& frame : frames)
                ASSERT_FALSE(mentions(frame, text)) << "round " << round << ": " << frame.dump();
            restore();
        }
    }
};

TEST_F(RaceTest, ARemovedMemberReceivesNothingMadeAfterTheRemoval) {
    auto thread = start_thread(*moderator, "Gesprek", "Begin.");
    std::string thread_id = thread["thread"]["id"];
    race(
        *observer, 150,
        [&] { ASSERT_EQ(moderator->request("member.remove", {{"session", session}, {"user", observer_user["id"]}})["ok"], true); },
        [&](int round) { ASSERT_EQ(post(*moderator, thread_id, "geheim " + std::to_string(round) + ".")["ok"], true); },
        [&] {
            ASSERT_EQ(moderator->request("member.add", {{"session", session}, {"user", observer_user["id"]}, {"role", "observer"}})["ok"], true);
            // Back in, with the full history: the replay may bring the posts now.
            observer->request("session.unsubscribe", {{"session", session}});
        });
    // The allowed case: once back, the member reads them all.
    auto posts = observer->request("thread.posts", {{"thread", thread_id}, {"limit", 100}})["posts"];
    EXPECT_EQ(posts.size(), 100u);
}

TEST_F(RaceTest, ADemotedModeratorReceivesNoModeratorOnlyEventAfterTheDemotion) {
    auto [second_user, second_cookie] = make_user(*moderator, "tweede.moderator@ess.example");
    add_members(*moderator, session, {{&second_user, "moderator"}});
    WsClient second(server.port(), ws_options(second_cookie));
    auto thread = start_thread(*moderator, "Gesprek", "Begin.");
    std::string thread_id = thread["thread"]["id"];
    race(
        second, 150,
        [&] { ASSERT_EQ(moderator->request("member.set_role", {{"session", session}, {"user", second_user["id"]}, {"role", "participant"}})["ok"], true); },
        [&](int round) {
            ASSERT_EQ(post(*moderator, thread_id, "geheim " + std::to_string(round) + ".", {{"whisper", true}})["ok"], true);
        },
        [&] {
            ASSERT_EQ(moderator->request("member.set_role", {{"session", session}, {"user", second_user["id"]}, {"role", "moderator"}})["ok"], true);
            second.request("session.unsubscribe", {{"session", session}});
        });
    // The allowed case: a moderator again, they read the whispers.
    auto posts = second.request("thread.posts", {{"thread", thread_id}, {"limit", 100}})["posts"];
    EXPECT_EQ(posts.size(), 100u);
}

}  // namespace
