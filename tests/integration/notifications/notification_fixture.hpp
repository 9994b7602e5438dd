#pragma once
// The notification tests' common ground: the session of SessionMembersTest with one
// thread ("Casus Noordkust", by the moderator), and helpers to post in it and to read
// a client's notifications.
#include "support/fixture.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace kl::test {

class NotificationFixture : public SessionMembersTest {
protected:
    using SessionMembersTest::SessionMembersTest;

    int next_msg = 0;
    std::string thread;

    void SetUp() override {
        SessionMembersTest::SetUp();
        auto created = moderator->request("thread.create", {{"session", session}, {"title", "Casus Noordkust"},
                                                            {"kind", "casus"}, {"body", "Eerste bericht."}});
        ASSERT_EQ(created["ok"], true) << created.dump();
        thread = created["thread"]["id"];
    }

    nlohmann::json post(WsClient& client, const std::string& body, nlohmann::json extra = nlohmann::json::object()) {
        extra["thread"] = thread;
        extra["body"] = body;
        extra["client_msg_id"] = "n" + std::to_string(++next_msg);
        return client.request("post.create", extra);
    }
    // The client's visible notifications, newest first.
    static nlohmann::json list(WsClient& client) {
        auto answer = client.request("notifications.list");
        EXPECT_EQ(answer["ok"], true) << answer.dump();
        return answer["notifications"];
    }
    static std::vector<std::string> kinds(WsClient& client) {
        std::vector<std::string> out;
        for (const auto& n : list(client)) out.push_back(n["kind"]);
        return out;
    }
    static int count(WsClient& client, const std::string& kind) {
        auto all = kinds(client);
        return static_cast<int>(std::count(all.begin(), all.end(), kind));
    }
    static std::string code_of(const nlohmann::json& answer) { return answer["error"]["code"]; }
};

}  // namespace kl::test
