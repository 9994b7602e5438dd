// The knowledge board against the real server over TLS: concurrent edits, positions
// under many simultaneous moves, who may change what, and quotes of hidden posts.
#include "support/fixture.hpp"

#include <future>
#include <set>

using namespace kl::test;
using nlohmann::json;

namespace {

class BoardTest : public SessionMembersTest {
protected:
    std::vector<std::string> columns;

    json session_params() const override { return {{"title", "Kennislab"}}; }

    void SetUp() override {
        SessionMembersTest::SetUp();
        auto initial = board();
        for (const auto& column : initial["columns"]) columns.push_back(column["id"]);
    }

    json board() { return moderator->request("session.state", {{"session", session}})["board"]; }

    json add_card(WsClient& client, const std::string& title, std::size_t column = 0, json extra = json::object()) {
        extra["session"] = session;
        extra["column"] = columns.at(column);
        extra["title"] = title;
        return client.request("board.card.create", extra);
    }
};

// The browser shows the controls the server states in session.my_rights, from the
// same rules the verbs apply: each right as stated is accepted, and what is stated
// as not allowed is refused.
TEST_F(BoardTest, EachMembersStatedRightsAreWhatTheServerAccepts) {
    auto rights_of = [&](WsClient& client) { return client.request("session.state", {{"session", session}})["session"]["my_rights"]; };
    auto moderator_rights = rights_of(*moderator);
    EXPECT_EQ(moderator_rights["moderate"], true);
    EXPECT_EQ(moderator_rights["edit_cards"], "any");
    EXPECT_EQ(moderator_rights["delete_cards"], "any");
    auto participant_rights = rights_of(*participant);
    EXPECT_EQ(participant_rights["moderate"], false);
    EXPECT_EQ(participant_rights["start_thread"], true);
    EXPECT_EQ(participant_rights["edit_cards"], "any");
    EXPECT_EQ(participant_rights["delete_cards"], "own");
    auto expert_rights = rights_of(*expert);
    EXPECT_EQ(expert_rights["start_thread"], false);
    EXPECT_EQ(expert_rights["post"], true);
    EXPECT_EQ(expert_rights["edit_cards"], "own");
    auto observer_rights = rights_of(*observer);
    EXPECT_EQ(observer_rights["post"], false);
    EXPECT_EQ(observer_rights["add_card"], false);
    EXPECT_EQ(observer_rights["flag"], true);

    // "own" for the expert: their card yes, the participant's card no.
    auto mine = add_card(*expert, "Van de deskundige");
    auto theirs = add_card(*participant, "Van de deelnemer");
    ASSERT_EQ(mine["ok"], true);
    EXPECT_EQ(expert->request("board.card.update", {{"card", mine["card"]["id"]}, {"version", 1}, {"title", "Bijgewerkt"}})["ok"], true);
    EXPECT_EQ(expert->request("board.card.update", {{"card", theirs["card"]["id"]}, {"version", 1}, {"title", "Niet van mij"}})["error"]["code"],
              "forbidden");
    // "own" deleting for the participant: the expert's card is refused, their own allowed.
    EXPECT_EQ(participant->request("board.card.delete", {{"card", mine["card"]["id"]}, {"version", 2}})["error"]["code"], "forbidden");
    EXPECT_EQ(participant->request("board.card.delete", {{"card", theirs["card"]["id"]}, {"version", 1}})["ok"], true);
    EXPECT_EQ(add_card(*observer, "Waarnemer")["error"]["code"], "forbidden");

    // The session's own setting changes the expert's stated rights with it.
    auto version = moderator->request("session.state", {{"session", session}})["session"]["version"];
    ASSERT_EQ(moderator->request("session.update", {{"session", session}, {"version", version}, {"experts_add_cards", false}})["ok"], true);
    EXPECT_EQ(rights_of(*expert)["edit_cards"], "none");
    EXPECT_EQ(add_card(*expert, "Nu niet meer")["error"]["code"], "forbidden");
}

TEST_F(BoardTest, ANewSessionHasTheDefaultColumns) {
    auto state = board();
    std::vector<std::string> titles;
    for (const auto& column : state["columns"]) titles.push_back(column["title"]);
    EXPECT_EQ(titles, (std::vector<std::string>{"Achtergrondkennis", "Handelingsperspectieven", "Interventies",
                                                "Samenwerking OOV en sociaal domein", "Open vragen"}));
    EXPECT_TRUE(state["cards"].empty());
}

TEST_F(BoardTest, OfTwoEditsOfTheSameVersionExactlyOneWins) {
    auto card = add_card(*participant, "Signalen in de wijk")["card"];
    WsClient second(server.port(), ws_options(participant_cookie));
    json edit_a = {{"card", card["id"]}, {"version", card["version"]}, {"body", "versie A"}};
    json edit_b = {{"card", card["id"]}, {"version", card["version"]}, {"body", "versie B"}};
    auto a = std::async(std::launch::async, [&] { return moderator->request("board.card.update", edit_a); });
    auto b = std::async(std::launch::async, [&] { return second.request("board.card.update", edit_b); });
    auto answers = std::vector<json>{a.get(), b.get()};
    int won = 0, conflicts = 0;
    std::string winner;
    for (const auto& answer : answers) {
        if (answer["ok"] == true) {
            ++won;
            winner = answer["card"]["body"];
        } else if (answer["error"]["code"] == "conflict") {
            ++conflicts;
            EXPECT_EQ(answer["card"]["version"], card["version"].get<int>() + 1);  // the current card comes along
        }
    }
    EXPECT_EQ(won, 1);
    EXPECT_EQ(conflicts, 1);
    EXPECT_EQ(board()["cards"][0]["body"], winner);
}

TEST_F(BoardTest, ManySimultaneousMovesKeepPositionsConsistent) {
    std::vector<json> cards;
    for (int i = 0; i < 12; ++i) cards.push_back(add_card(*moderator, "kaart " + std::to_string(i), i % 3)["card"]);
    std::vector<std::unique_ptr<WsClient>> clients;
    for (int i = 0; i < 4; ++i) clients.push_back(std::make_unique<WsClient>(server.port(), ws_options(participant_cookie)));
    // Each client moves three cards around, all at once.
    std::vector<std::future<void>> movers;
    for (int i = 0; i < 4; ++i)
        movers.push_back(std::async(std::launch::async, [&, i] {
            for (int k = 0; k < 3; ++k) {
                const auto& card = cards[static_cast<std::size_t>(i * 3 + k)];
                auto answer = clients[static_cast<std::size_t>(i)]->request(
                    "board.card.update", {{"card", card["id"]}, {"version", card["version"]},
                                          {"column", columns[static_cast<std::size_t>((i + k) % 5)]}, {"position", k}});
                EXPECT_EQ(answer["ok"], true) << answer.dump();
            }
        }));
    for (auto& mover : movers) mover.get();
    auto state = board();
    std::set<std::string> ids;
    std::map<std::string, std::vector<std::int64_t>> positions;
    for (const auto& card : state["cards"]) {
        ids.insert(card["id"]);
        positions[card["column"]].push_back(card["position"]);
    }
    EXPECT_EQ(ids.size(), 12u);  // nothing lost, nothing doubled
    for (const auto& [column, list] : positions)
        for (std::size_t i = 0; i < list.size(); ++i) EXPECT_EQ(list[i], static_cast<std::int64_t>(i)) << column;
    // Replaying the events' orders gives the same board.
    auto replay_client = std::make_unique<WsClient>(server.port(), ws_options(participant_cookie));
    auto head = moderator->request("session.state", {{"session", session}})["head_seq"].get<std::int64_t>();
    replay_client->request("session.subscribe", {{"session", session}, {"after_seq", 0}});
    std::map<std::string, json> order;
    for (;;) {
        auto frame = replay_client->next_frame();
        ASSERT_TRUE(frame);
        if ((*frame)["type"] != "event") continue;
        if ((*frame)["event"].contains("order"))
            for (const auto& [column, list] : (*frame)["event"]["order"].items()) order[column] = list;
        if ((*frame)["seq"] == head) break;
    }
    std::map<std::string, json> expected;
    for (const auto& card : state["cards"]) expected[card["column"]].push_back(card["id"]);
    for (const auto& [column, list] : expected) EXPECT_EQ(order[column], list) << column;
}

TEST_F(BoardTest, WhoMayChangeTheBoard) {
    EXPECT_EQ(add_card(*observer, "toehoorder")["error"]["code"], "forbidden");
    auto own = add_card(*expert, "van de deskundige");
    ASSERT_EQ(own["ok"], true);
    auto others = add_card(*participant, "van de deelnemer")["card"];
    EXPECT_EQ(expert->request("board.card.update", {{"card", others["id"]}, {"version", others["version"]}, {"title", "x"}})["error"]["code"],
              "forbidden");
    EXPECT_EQ(expert->request("board.card.delete", {{"card", others["id"]}, {"version", others["version"]}})["error"]["code"], "forbidden");
    EXPECT_EQ(participant->request("board.card.update", {{"card", others["id"]}, {"version", others["version"]}, {"title", "beter"}})["ok"], true);
    EXPECT_EQ(participant->request("board.column.create", {{"session", session}, {"title", "Eigen kolom"}})["error"]["code"], "forbidden");
    auto column = moderator->request("board.column.create", {{"session", session}, {"title", "Casussen"}});
    ASSERT_EQ(column["ok"], true);
    EXPECT_EQ(column["column"]["position"], 5);
    auto renamed = moderator->request("board.column.update", {{"column", column["column"]["id"]}, {"version", 1}, {"title", "Casuïstiek"}, {"position", 0}});
    EXPECT_EQ(renamed["column"]["position"], 0);
    EXPECT_EQ(moderator->request("board.column.update", {{"column", column["column"]["id"]}, {"version", 1}, {"title", "oud"}})["error"]["code"], "conflict");
    EXPECT_EQ(moderator->request("board.column.delete", {{"column", columns[0]}, {"version", 1}})["error"]["code"], "conflict");  // not empty
    EXPECT_EQ(moderator->request("board.column.delete", {{"column", column["column"]["id"]}, {"version", 2}})["ok"], true);

    ASSERT_EQ(moderator->request("session.update", {{"session", session}, {"experts_add_cards", false}})["ok"], true);
    EXPECT_EQ(add_card(*expert, "niet meer")["error"]["code"], "forbidden");
    EXPECT_EQ(add_card(*moderator, "", 0)["error"]["code"], "bad_request");
    EXPECT_EQ(add_card(*moderator, "te lang", 0, {{"body", std::string(10001, 'x')}})["error"]["code"], "bad_request");
    ASSERT_EQ(moderator->request("session.archive", {{"session", session}})["ok"], true);
    EXPECT_EQ(add_card(*participant, "na archiveren")["error"]["code"], "locked");
    EXPECT_EQ(observer->request("session.state", {{"session", session}})["board"]["cards"].size(), 2u);  // still readable
}

TEST_F(BoardTest, ACardFromAHiddenPostNoLongerShowsItsText) {
    auto thread = participant->request("thread.create", {{"session", session}, {"title", "Buurtgroep"}, {"kind", "casus"},
                                                          {"body", "Waardevol-inzicht-over-samenwerking"}});
    ASSERT_EQ(thread["ok"], true);
    auto post_id = thread["post"]["id"];
    auto card = add_card(*participant, "Samenwerking", 3, {{"source_post", post_id}});
    ASSERT_EQ(card["ok"], true) << card.dump();
    EXPECT_EQ(card["card"]["source_post"]["quote"], "Waardevol-inzicht-over-samenwerking");
    EXPECT_EQ(participant->request("thread.posts", {{"thread", thread["thread"]["id"]}})["posts"][0]["on_board"], true);

    ASSERT_EQ(moderator->request("mod.hide", {{"post", post_id}, {"reason", "herleidbaar"}})["ok"], true);
    auto shown = board()["cards"][0];
    EXPECT_FALSE(shown["source_post"].contains("quote"));
    EXPECT_EQ(shown["source_post"]["state"], "hidden");
    // The stored card event no longer quotes it either.
    WsClient reader(server.port(), ws_options(participant_cookie));
    auto head = moderator->request("session.state", {{"session", session}})["head_seq"].get<std::int64_t>();
    reader.request("session.subscribe", {{"session", session}, {"after_seq", 0}});
    std::string all;
    for (;;) {
        auto frame = reader.next_frame();
        ASSERT_TRUE(frame);
        if ((*frame)["type"] != "event") continue;
        all += frame->dump();
        if ((*frame)["seq"] == head) break;
    }
    EXPECT_NE(all.find("card.created"), std::string::npos);
    EXPECT_EQ(all.find("Waardevol-inzicht"), std::string::npos);
    EXPECT_EQ(add_card(*participant, "verborgen bron", 0, {{"source_post", post_id}})["error"]["code"], "bad_request");
}

}  // namespace
