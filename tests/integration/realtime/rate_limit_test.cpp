// The per-connection request limit against the real server, with a low limit and a
// clock the test moves: a burst beyond it is refused (and nothing is done), the
// connection keeps working once the clock has moved on, and another connection of
// the same person is not slowed down.
#include "server/app/core/clock.hpp"
#include "support/fixture.hpp"

#include <map>

using namespace kl::test;
using nlohmann::json;

namespace {

constexpr unsigned burst = 5;
constexpr unsigned per_second = 2;

class RateLimitTest : public ClockHolder, public ServerTest {
protected:
    RateLimitTest()
        : ServerTest(&clock, [](kl::app::ServerConfig& config) {
              config.request_rate = per_second;
              config.request_burst = burst;
          }) {}

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
};

TEST_F(RateLimitTest, ABurstBeyondTheLimitIsRefusedAndTheConnectionKeepsWorking) {
    auto cookie = setup_admin();
    WsClient client(server.port(), ws_options(cookie));
    // The burst of hellos, then three session.create beyond it.
    std::vector<json> requests;
    for (unsigned i = 0; i < burst; ++i) requests.push_back({{"id", "h" + std::to_string(i)}, {"type", "hello"}});
    for (int i = 0; i < 3; ++i)
        requests.push_back({{"id", "c" + std::to_string(i)}, {"type", "session.create"}, {"title", "Te veel " + std::to_string(i)}});
    auto answers = pipeline(client, requests);
    for (unsigned i = 0; i < burst; ++i) EXPECT_EQ(answers["h" + std::to_string(i)]["ok"], true);
    for (int i = 0; i < 3; ++i) {
        const auto& refused = answers["c" + std::to_string(i)];
        EXPECT_EQ(refused["ok"], false);
        EXPECT_EQ(refused["error"]["code"], "rate_limited");
        EXPECT_FALSE(refused["error"]["message"].get<std::string>().empty());
        EXPECT_EQ(refused["retry_after"], 1);
    }
    // Still the same second: still refused.
    EXPECT_EQ(client.request("hello")["error"]["code"], "rate_limited");

    // A second later the connection has per_second requests again, and nothing of
    // the refused requests was done.
    clock.advance(std::chrono::seconds(1));
    auto sessions = client.request("session.list");
    ASSERT_EQ(sessions["ok"], true) << sessions.dump();
    EXPECT_TRUE(sessions["sessions"].empty());
    EXPECT_EQ(client.request("hello")["ok"], true);
    EXPECT_EQ(client.request("hello")["error"]["code"], "rate_limited");

    // Another connection of the same person has a bucket of its own.
    WsClient second(server.port(), ws_options(cookie));
    EXPECT_EQ(second.request("hello")["ok"], true);

    // A long pause gives the full burst back, never more.
    clock.advance(std::chrono::minutes(10));
    requests.clear();
    for (unsigned i = 0; i < burst + 1; ++i) requests.push_back({{"id", "p" + std::to_string(i)}, {"type", "hello"}});
    answers = pipeline(client, requests);
    int ok = 0;
    for (const auto& [id, answer] : answers) ok += answer["ok"] == true ? 1 : 0;
    EXPECT_EQ(ok, static_cast<int>(burst));
}

TEST_F(RateLimitTest, AConnectionThatIgnoresRetryAfterIsClosed) {
    auto cookie = setup_admin();
    WsClient client(server.port(), ws_options(cookie));
    WsClient patient(server.port(), ws_options(cookie));
    // The burst, then a hundred refusals: the client is told to wait and still served
    // once it has waited.
    std::vector<json> requests;
    for (unsigned i = 0; i < burst + 100; ++i) requests.push_back({{"id", "h" + std::to_string(i)}, {"type", "hello"}});
    auto answers = pipeline(client, requests);
    int refused = 0;
    for (const auto& [id, answer] : answers)
        refused += answer.contains("error") && answer["error"]["code"] == "rate_limited" ? 1 : 0;
    EXPECT_EQ(refused, 100);
    clock.advance(std::chrono::seconds(1));
    EXPECT_EQ(client.request("hello")["ok"], true);

    // Asking again and again without waiting: refused, refused, then closed (1008).
    for (int i = 0; i < 20; ++i) client.send_text(json{{"id", "x" + std::to_string(i)}, {"type", "hello"}}.dump());
    EXPECT_EQ(client.wait_for_close(), 1008);

    // The same person's other connection, which waited, is not touched.
    EXPECT_EQ(patient.request("hello")["ok"], true);
}

}  // namespace
