// post.create with "documents" (server/app/threads/post_verbs.cpp): the caller's own
// uploads of the session, not attached yet, become the post's attachments in the
// post's own transaction; the post's wire form carries them through the gate (in the
// answer, thread.posts, post.created live and replayed). Next to it every refusal:
// someone else's upload, one of another session, one attached already, a deleted one,
// more than ten; each changes nothing.
#include "documents/documents_fixture.hpp"

using namespace kl::test;
using nlohmann::json;

namespace {

class AttachmentsTest : public DocumentsTest {
protected:
    std::string thread;

    void SetUp() override {
        DocumentsTest::SetUp();
        auto started = participant->request("thread.create", {{"session", session}, {"title", "Casus met bijlagen"},
                                                               {"kind", "casus"}, {"body", "Eerste bericht."}});
        ASSERT_EQ(started["ok"], true) << started.dump();
        thread = started["thread"]["id"];
    }

    json post(WsClient& client, const json& documents) {
        return client.request("post.create", {{"thread", thread}, {"body", "Zie bijlage."},
                                              {"client_msg_id", "m" + std::to_string(++messages_)},
                                              {"documents", documents}});
    }

    static std::vector<std::string> names(const json& post) {
        std::vector<std::string> out;
        for (const auto& d : post["documents"]) out.push_back(d["name"]);
        return out;
    }

    std::size_t post_count(WsClient& client) {
        return client.request("thread.posts", {{"thread", thread}})["posts"].size();
    }

private:
    int messages_ = 0;
};

using Names = std::vector<std::string>;

TEST_F(AttachmentsTest, APostCarriesItsAuthorsUploadsForEveryoneWhoMaySeeThem) {
    auto first = id_of(upload(participant_cookie, "handreiking.pdf", pdf));
    auto second = id_of(upload(participant_cookie, "kaart.png", png));
    subscribe_live(*observer);
    auto posted = post(*participant, {first, second});
    ASSERT_EQ(posted["ok"], true) << posted.dump();
    EXPECT_EQ(names(posted["post"]), (Names{"handreiking.pdf", "kaart.png"}));
    EXPECT_EQ(posted["post"]["documents"][0]["post"], posted["post"]["id"]);
    EXPECT_EQ(posted["post"]["documents"][0]["thread"], thread);

    auto event = next_event(*observer)["event"];
    EXPECT_EQ(event["kind"], "post.created");
    EXPECT_EQ(names(event["post"]), (Names{"handreiking.pdf", "kaart.png"})) << "live";
    auto listed = observer->request("thread.posts", {{"thread", thread}});
    EXPECT_EQ(names(listed["posts"][0]), (Names{"handreiking.pdf", "kaart.png"})) << listed.dump();

    // Hidden: left out for members, kept for moderators, and so in a replay.
    ASSERT_EQ(moderator->request("mod.hide", {{"document", second}, {"reason", "Herleidbaar"}})["ok"], true);
    EXPECT_EQ(names(observer->request("thread.posts", {{"thread", thread}})["posts"][0]), Names{"handreiking.pdf"});
    EXPECT_EQ(names(moderator->request("thread.posts", {{"thread", thread}})["posts"][0]),
              (Names{"handreiking.pdf", "kaart.png"}));
    int replayed = 0;
    for (const auto& frame : replay(*observer)) {
        if (frame["event"]["kind"] != "post.created" || frame["event"]["post"]["id"] != posted["post"]["id"]) continue;
        ++replayed;
        EXPECT_EQ(names(frame["event"]["post"]), Names{"handreiking.pdf"}) << "replayed as it is now";
    }
    EXPECT_EQ(replayed, 1) << "the post is in the replay";
}

TEST_F(AttachmentsTest, OnlyTheAuthorsOwnUnattachedUploadsOfTheSessionAreAccepted) {
    auto own = id_of(upload(participant_cookie, "eigen.pdf", pdf));
    auto others = id_of(upload(expert_cookie, "ander.pdf", pdf));
    auto deleted = id_of(upload(participant_cookie, "weg.pdf", pdf));
    ASSERT_EQ(participant->request("document.delete", {{"document", deleted}})["ok"], true);
    auto elsewhere = moderator->request("session.create", {{"title", "Andere sessie"}});
    auto other_session = elsewhere["session"]["id"].get<std::string>();
    ASSERT_EQ(moderator->request("member.add", {{"session", other_session}, {"user", participant_user["id"]},
                                                {"role", "participant"}})["ok"], true);
    auto foreign = https(server.port(), "POST", "/api/sessions/" + other_session + "/documents?name=daar.pdf", pdf,
                         [&] { auto o = same_origin(participant_cookie); o.content_type = "application/pdf"; return o; }());
    ASSERT_EQ(foreign.status, 201) << foreign.body;
    auto before = post_count(*participant);

    EXPECT_EQ(post(*participant, {others})["error"]["code"], "bad_request") << "someone else's upload";
    EXPECT_EQ(post(*participant, {id_of(foreign)})["error"]["code"], "bad_request") << "another session's";
    EXPECT_EQ(post(*participant, {deleted})["error"]["code"], "bad_request") << "a deleted one";
    EXPECT_EQ(post(*participant, {"999999"})["error"]["code"], "bad_request") << "none at all";
    json eleven = json::array();
    for (int i = 0; i < 11; ++i) eleven.push_back(std::to_string(1000 + i));
    EXPECT_EQ(post(*participant, eleven)["error"]["code"], "bad_request") << "at most ten";
    EXPECT_EQ(post(*participant, {own, others})["error"]["code"], "bad_request") << "one wrong: nothing is posted";
    EXPECT_EQ(post_count(*participant), before) << "every refusal changed nothing";

    ASSERT_EQ(post(*participant, {own})["ok"], true);
    EXPECT_EQ(post(*participant, {own})["error"]["code"], "bad_request") << "attached already";
    EXPECT_EQ(post(*expert, {others})["ok"], true) << "the expert's own";
}

}  // namespace
