// The answer volume per account (server/app/realtime/answer_volume.hpp) against the
// real server, with a small budget and a clock the test moves: one account that loads a
// large session again and again, over two connections, is answered rate_limited with
// retry_after and nothing else changes; another account still loads the same session
// at once; a second later the first account is served again.
#include "support/fixture.hpp"

using namespace kl::test;
using nlohmann::json;

namespace {

class AnswerVolumeTest : public ClockHolder, public SessionMembersTest {
protected:
    AnswerVolumeTest()
        : SessionMembersTest(&clock, [](kl::app::ServerConfig& c) {
              c.answer_volume_mb_per_second = 1;
              c.answer_volume_burst_mb = 1;
          }) {}
};

TEST_F(AnswerVolumeTest, OneAccountLoadingALargeSessionWaitsAndOthersDoNot) {
    // About 400 KB of board: three states drain the 1 MiB bucket past empty.
    auto column = moderator->request("session.state", {{"session", session}})["board"]["columns"][0]["id"];
    for (int i = 0; i < 40; ++i) {
        auto made = participant->request("board.card.create", {{"session", session}, {"column", column},
                                                               {"title", "Kaart " + std::to_string(i)},
                                                               {"body", std::string(10'000, 'v')}});
        ASSERT_EQ(made["ok"], true) << made.dump().substr(0, 300);
    }
    // The answers to those creates carried the cards and counted too: start full.
    clock.advance(std::chrono::seconds(2));
    WsClient second(server.port(), ws_options(participant_cookie));
    for (auto* client : {participant.get(), &second, participant.get()}) {
        auto state = client->request("session.state", {{"session", session}});
        ASSERT_EQ(state["ok"], true) << state.dump().substr(0, 300);
        ASSERT_EQ(state["board"]["cards"].size(), 40u);
    }
    // The account is past its volume: on both its connections, for every verb.
    for (auto* client : {participant.get(), &second}) {
        auto refused = client->request("session.state", {{"session", session}});
        EXPECT_EQ(refused["ok"], false);
        EXPECT_EQ(refused["error"]["code"], "rate_limited");
        EXPECT_NE(refused["error"]["message"].get<std::string>().find("veel gegevens"), std::string::npos);
        EXPECT_EQ(refused["retry_after"], 1);
    }
    auto card = participant->request("board.card.create", {{"session", session}, {"column", column}, {"title", "Nog één"}});
    EXPECT_EQ(card["error"]["code"], "rate_limited");

    // Another account loads the same session at once, and nothing was added.
    auto other = expert->request("session.state", {{"session", session}});
    ASSERT_EQ(other["ok"], true);
    EXPECT_EQ(other["board"]["cards"].size(), 40u);

    // A second later the bucket has paid its debt and has room again.
    clock.advance(std::chrono::seconds(1));
    auto again = second.request("session.state", {{"session", session}});
    ASSERT_EQ(again["ok"], true);
    EXPECT_EQ(again["board"]["cards"].size(), 40u);
}

}  // namespace
