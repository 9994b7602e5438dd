// What one session may hold (server/app/access/session_limits.hpp): each limit refuses
// with too_large and changes nothing, the case just under it is allowed, and a session
// filled to the limits still loads for every member, moderators first, over TLS.
#include "support/fixture.hpp"

#include <set>

using namespace kl::test;
using nlohmann::json;

namespace {

std::string text_of(std::size_t chars, char fill) { return std::string(chars, fill); }

// The board as the issue found it: 460 cards of 10,000 characters, about 4.6 MB, more
// than a connection may queue of live frames (4 MiB). The limits are raised so that
// the answer is larger than that bound: session.state must still arrive whole.
class FullBoardTest : public SessionMembersTest {
protected:
    FullBoardTest()
        : SessionMembersTest(nullptr, [](kl::app::ServerConfig& c) {
              c.session_limits.max_cards = 460;
              c.session_limits.max_board_text_chars = 460 * 10'010;
          }) {}
};

TEST_F(FullBoardTest, AParticipantFillsTheBoardAndEveryoneStillLoadsTheSession) {
    auto column = moderator->request("session.state", {{"session", session}})["board"]["columns"][0]["id"];
    const auto body = text_of(10'000, 'k');
    for (int i = 0; i < 460; ++i) {
        auto made = participant->request("board.card.create", {{"session", session}, {"column", column},
                                                               {"title", "Kaart " + std::to_string(i)}, {"body", body}});
        ASSERT_EQ(made["ok"], true) << i << made.dump().substr(0, 300);
    }
    auto refused = participant->request("board.card.create", {{"session", session}, {"column", column}, {"title", "Eén te veel"}});
    EXPECT_EQ(refused["error"]["code"], "too_large");
    EXPECT_NE(refused["error"]["message"].get<std::string>().find("kennisbord is vol"), std::string::npos);

    // Moderators first: a fresh connection, as on a reload.
    for (const auto* cookie : {&moderator_cookie, &participant_cookie, &expert_cookie, &observer_cookie}) {
        WsClient reload(server.port(), ws_options(*cookie));
        auto state = reload.request("session.state", {{"session", session}});
        ASSERT_EQ(state["ok"], true);
        EXPECT_EQ(state["board"]["cards"].size(), 460u);
        EXPECT_EQ(reload.request("hello")["ok"], true) << "the connection survives the large answer";
    }
}

class SessionLimitsTest : public SessionMembersTest {
protected:
    SessionLimitsTest()
        : SessionMembersTest(nullptr, [](kl::app::ServerConfig& c) {
              c.session_limits.max_threads = 3;
              c.session_limits.max_cards = 4;
              c.session_limits.max_board_text_chars = 100;
              c.session_limits.max_waiting_items = 3;
          }) {}

    json session_params() const override {
        return {{"title", "Begrensd"}, {"premoderation", true}, {"premoderate_participants", false}};
    }

    json start_thread(WsClient& client, const std::string& title) {
        return client.request("thread.create", {{"session", session}, {"title", title}, {"kind", "vraag"}, {"body", "Vraag"}});
    }
    std::string first_column() {
        return moderator->request("session.state", {{"session", session}})["board"]["columns"][0]["id"];
    }
};

TEST_F(SessionLimitsTest, ThreadsUpToTheLimitThenTooLarge) {
    for (int i = 0; i < 3; ++i) ASSERT_EQ(start_thread(*participant, "Gesprek " + std::to_string(i))["ok"], true);
    auto refused = start_thread(*participant, "Nog een");
    EXPECT_EQ(refused["error"]["code"], "too_large");
    EXPECT_EQ(start_thread(*moderator, "Ook niet voor moderatoren")["error"]["code"], "too_large");
    EXPECT_EQ(moderator->request("session.state", {{"session", session}})["threads"].size(), 3u);
}

TEST_F(SessionLimitsTest, TheBoardIsLimitedInCardsAndInText) {
    auto column = first_column();
    auto card = [&](const std::string& title, const std::string& body) {
        return participant->request("board.card.create", {{"session", session}, {"column", column}, {"title", title}, {"body", body}});
    };
    auto big = card("a", text_of(59, 'x'));  // 60 of the 100 characters
    ASSERT_EQ(big["ok"], true);
    EXPECT_EQ(card("b", text_of(40, 'y'))["error"]["code"], "too_large");  // 101
    ASSERT_EQ(card("b", text_of(39, 'y'))["ok"], true);                   // exactly 100
    // Growing a card past the limit is refused; the card keeps its text.
    auto grow = participant->request("board.card.update", {{"card", big["card"]["id"]}, {"version", big["card"]["version"]},
                                                           {"body", text_of(60, 'x')}});
    EXPECT_EQ(grow["error"]["code"], "too_large");
    auto shrink = participant->request("board.card.update", {{"card", big["card"]["id"]}, {"version", big["card"]["version"]},
                                                             {"body", "kort"}});
    ASSERT_EQ(shrink["ok"], true) << shrink.dump();
    // Now the count: four cards at most.
    ASSERT_EQ(card("c", "")["ok"], true);
    ASSERT_EQ(card("d", "")["ok"], true);
    EXPECT_EQ(card("e", "")["error"]["code"], "too_large");
}

TEST_F(SessionLimitsTest, WhatWaitsForAModeratorIsLimitedAndRoomComesBackWhenTheyAct) {
    auto thread = start_thread(*participant, "Casus");
    ASSERT_EQ(thread["ok"], true);
    std::string thread_id = thread["thread"]["id"];
    auto expert_post = [&](int i) {
        return expert->request("post.create", {{"thread", thread_id}, {"body", "Reactie " + std::to_string(i)},
                                               {"client_msg_id", "e" + std::to_string(i)}});
    };
    auto first = expert_post(1);
    ASSERT_EQ(first["post"]["state"], "pending");
    ASSERT_EQ(expert_post(2)["ok"], true);
    // A flag waits too: the third item.
    auto flag = observer->request("post.flag", {{"post", thread["post"]["id"]}, {"reason", "Klopt dit?"}});
    ASSERT_EQ(flag["ok"], true) << flag.dump();
    EXPECT_EQ(expert_post(3)["error"]["code"], "too_large");
    EXPECT_EQ(participant->request("post.flag", {{"post", thread["post"]["id"]}, {"reason", "Ik ook"}})["error"]["code"],
              "too_large");
    // A post that needs no approval is not held back.
    EXPECT_EQ(participant->request("post.create", {{"thread", thread_id}, {"body", "Gewoon"}, {"client_msg_id", "p1"}})["ok"],
              true);
    ASSERT_EQ(moderator->request("mod.approve", {{"post", first["post"]["id"]}})["ok"], true);
    EXPECT_EQ(expert_post(3)["post"]["state"], "pending");
}

TEST_F(SessionLimitsTest, TheModerationQueueComesInPagesNewestFirst) {
    auto thread = start_thread(*participant, "Casus");
    std::string thread_id = thread["thread"]["id"];
    std::vector<std::string> made;
    for (int i = 0; i < 2; ++i) {
        auto post = expert->request("post.create", {{"thread", thread_id}, {"body", "R" + std::to_string(i)},
                                                    {"client_msg_id", "q" + std::to_string(i)}});
        made.push_back(post["post"]["id"]);
    }
    ASSERT_EQ(observer->request("post.flag", {{"post", thread["post"]["id"]}, {"reason", "Bron?"}})["ok"], true);

    std::set<std::string> seen;
    json page = moderator->request("mod.queue", {{"session", session}, {"limit", 2}});
    ASSERT_EQ(page["ok"], true) << page.dump();
    EXPECT_EQ(page["has_more"], true);
    EXPECT_EQ(page["pending"].size() + page["flags"].size(), 2u);
    for (const auto& p : page["pending"]) seen.insert("post " + p["id"].get<std::string>());
    for (const auto& f : page["flags"]) seen.insert("flag " + f["id"].get<std::string>());
    auto rest = moderator->request("mod.queue", {{"session", session}, {"limit", 2}, {"before", page["next_before"]}});
    ASSERT_EQ(rest["ok"], true) << rest.dump();
    EXPECT_EQ(rest["has_more"], false);
    EXPECT_FALSE(rest.contains("next_before"));
    ASSERT_EQ(rest["pending"].size() + rest["flags"].size(), 1u);
    for (const auto& p : rest["pending"]) seen.insert("post " + p["id"].get<std::string>());
    for (const auto& f : rest["flags"]) seen.insert("flag " + f["id"].get<std::string>());
    EXPECT_EQ(seen.size(), 3u) << "every item once";
    // The oldest item (the first pending post) comes last.
    ASSERT_EQ(rest["pending"].size(), 1u);
    EXPECT_EQ(rest["pending"][0]["id"], made[0]);

    EXPECT_EQ(moderator->request("mod.queue", {{"session", session}, {"before", "rommel"}})["error"]["code"], "bad_request");
    EXPECT_EQ(participant->request("mod.queue", {{"session", session}})["error"]["code"], "forbidden");
}

}  // namespace

namespace {

// The database at its size limit stands for a full disk: SQLite refuses the write the
// same way (SQLITE_FULL).
class FullStorageTest : public SessionMembersTest {
protected:
    FullStorageTest() : SessionMembersTest(nullptr, [](kl::app::ServerConfig& c) { c.max_database_mb = 2; }) {}
};

TEST_F(FullStorageTest, ChangesAnswerUnavailableAndReadsKeepWorking) {
    auto thread = participant->request("thread.create", {{"session", session}, {"title", "Vol"}, {"kind", "vraag"}, {"body", "Start"}});
    ASSERT_EQ(thread["ok"], true);
    std::string thread_id = thread["thread"]["id"];
    json refused;
    for (int i = 0; i < 400 && refused.is_null(); ++i) {
        auto answer = participant->request("post.create", {{"thread", thread_id}, {"body", std::string(20'000, 'v')},
                                                           {"client_msg_id", "vol" + std::to_string(i)}});
        if (answer["ok"] != true) refused = answer;
    }
    ASSERT_FALSE(refused.is_null()) << "2 MiB should fill up within 8 MB of posts";
    EXPECT_EQ(refused["error"]["code"], "unavailable");
    EXPECT_EQ(refused["error"]["message"], "De server kan nu niets opslaan.");
    // Reads keep working, for every member.
    EXPECT_EQ(moderator->request("session.state", {{"session", session}})["ok"], true);
    EXPECT_EQ(observer->request("thread.posts", {{"thread", thread_id}})["ok"], true);
    EXPECT_EQ(https(server.port(), "GET", "/healthz").status, 200);
}

}  // namespace
