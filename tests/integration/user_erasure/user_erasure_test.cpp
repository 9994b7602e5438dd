// user.erase against the real server over TLS. Only an administrator erases, never
// themselves. The person's connections close and their login fails at once; the
// subscribed clients of the sessions they touched get user.erased when the erasure of
// what they made is done. "anonymise": their posts stay, shown to everyone, the
// moderators too, as "verwijderde deelnemer", also in the replayed events. "redact":
// none of their words is in any file of the data folder while the server runs, nor in
// a backup taken then, while what others wrote stays.
#include "storage/backup.hpp"
#include "support/data_files.hpp"
#include "support/fixture.hpp"

using namespace kl::test;
using nlohmann::json;

namespace {

class UserEraseTest : public SessionMembersTest {
protected:
    const std::string person_name = "Deelnemer deelnemer";  // make_user's name for deelnemer@gemeente.example

    json erase(WsClient& client, const json& user, const std::string& posts) {
        return client.request("user.erase", {{"user", user["id"]}, {"posts", posts}});
    }

    // Subscribes client to the session and waits for user.erased (the erasure is done).
    void subscribe(WsClient& client) {
        auto head = client.request("session.state", {{"session", session}})["head_seq"];
        auto answer = client.request("session.subscribe", {{"session", session}, {"after_seq", head}});
        ASSERT_EQ(answer["ok"], true) << answer.dump();
    }
    void wait_for_erased(WsClient& client) {
        for (;;) {
            auto frame = next_event(client);
            if (frame["event"]["kind"] == "user.erased") {
                EXPECT_EQ(frame["event"]["user"]["id"], participant_user["id"]);
                return;
            }
        }
    }

    json posts_of(WsClient& client, const json& thread) {
        auto answer = client.request("thread.posts", {{"thread", thread}});
        EXPECT_EQ(answer["ok"], true) << answer.dump();
        return answer["posts"];
    }
};

TEST_F(UserEraseTest, OnlyAnAdministratorErasesAndNeverThemselves) {
    auto [staff_user, staff_cookie] = make_user(*moderator, "staf@ess.example", "staff");
    WsClient staff(server.port(), ws_options(staff_cookie));
    for (auto* client : {&staff, participant.get(), expert.get()}) {
        auto refused = erase(*client, observer_user, "anonymise");
        EXPECT_EQ(refused["error"]["code"], "forbidden") << refused.dump();
    }
    auto me = moderator->request("hello")["user"];
    auto self = erase(*moderator, me, "redact");
    EXPECT_EQ(self["error"]["code"], "forbidden") << self.dump();
    EXPECT_EQ(erase(*moderator, json{{"id", "999999"}}, "redact")["error"]["code"], "not_found");
    EXPECT_EQ(erase(*moderator, observer_user, "vergeten")["error"]["code"], "bad_request");
    // Nothing was changed by the refusals: the observer still signs in.
    EXPECT_EQ(login("toehoorder@gemeente.example", member_password).status, 200);

    ASSERT_EQ(erase(*moderator, observer_user, "anonymise")["ok"], true);
    EXPECT_EQ(erase(*moderator, observer_user, "anonymise")["error"]["code"], "gone");
}

TEST_F(UserEraseTest, AnonymisedPostsStayUnderVerwijderdeDeelnemerForEveryoneModeratorsToo) {
    auto started = participant->request("thread.create", {{"session", session}, {"title", "Casus wijk"},
                                                           {"kind", "casus"}, {"body", "Mijn eerste bericht"}});
    ASSERT_EQ(started["ok"], true) << started.dump();
    auto thread = started["thread"]["id"];
    auto by_organisation = participant->request("post.create", {{"thread", thread}, {"body", "Namens de gemeente"},
                                                                 {"attribution", "organisation"},
                                                                 {"client_msg_id", "o1"}});
    ASSERT_EQ(by_organisation["ok"], true) << by_organisation.dump();
    EXPECT_EQ(by_organisation["post"]["author_label"], "Gemeente Voorbeeld");
    subscribe(*moderator);
    subscribe(*expert);

    auto erased = erase(*moderator, participant_user, "anonymise");
    ASSERT_EQ(erased["ok"], true) << erased.dump();
    EXPECT_EQ(participant->wait_for_close(), 1008) << "the person's connections close";
    EXPECT_EQ(login("deelnemer@gemeente.example", member_password).status, 401);
    wait_for_erased(*moderator);
    wait_for_erased(*expert);

    for (auto* viewer : {expert.get(), moderator.get()}) {
        auto posts = posts_of(*viewer, thread);
        ASSERT_EQ(posts.size(), 2u) << posts.dump();
        for (const auto& post : posts) {
            EXPECT_EQ(post["state"], "visible");
            EXPECT_EQ(post["author_label"], "verwijderde deelnemer") << post.dump();
            if (post.contains("author")) {
                EXPECT_EQ(post["author"]["display_name"], "verwijderde deelnemer");
                EXPECT_EQ(post["author"]["organisation"]["name"], "");
            }
        }
        // Nor do the stored events name the person any more.
        auto events = replay(*viewer);
        ASSERT_FALSE(events.empty());
        for (const auto& event : events) EXPECT_EQ(event.dump().find(person_name), std::string::npos) << event.dump();
    }
    // Gone from the members and from the administrator's search.
    auto state = moderator->request("session.state", {{"session", session}});
    for (const auto& member : state["members"]) EXPECT_NE(member["user"]["id"], participant_user["id"]) << member.dump();
    EXPECT_TRUE(moderator->request("user.find", {{"q", "deelnemer@"}})["users"].empty());
    // The audit log: a pseudonymous entry, no name or email in it.
    auto audit = moderator->request("audit.list");
    ASSERT_EQ(audit["ok"], true) << audit.dump();
    // (The refused login after the erasure came later: look for the entry itself.)
    json entry;
    for (const auto& e : audit["entries"])
        if (e["action"] == "user.erased") entry = e;
    ASSERT_TRUE(entry.is_object()) << audit.dump();
    EXPECT_EQ(entry["detail"]["pseudonym"].get<std::string>().size(), 16u);
    EXPECT_EQ(entry["detail"]["posts"], "anonymise");
    EXPECT_EQ(audit.dump().find("deelnemer@gemeente.example"), std::string::npos);
    EXPECT_EQ(audit.dump().find(person_name), std::string::npos);
}

TEST_F(UserEraseTest, RedactedWordsAreInNoFileNorAFreshBackupWhileTheServerRuns) {
    const std::vector<std::string> words = {"Eigen1Zilverschoon", "Bewerkt2Moerasspirea", "Kaart3Watermunt",
                                            "Meldt4Kattenstaart"};
    const std::string others_word = "Ander5Fluitenkruid";
    auto started = moderator->request("thread.create", {{"session", session}, {"title", "Casus plein"}, {"kind", "casus"},
                                                      {"body", "Begin " + others_word}});
    ASSERT_EQ(started["ok"], true) << started.dump();
    auto thread = started["thread"]["id"];
    auto own = participant->request("post.create", {{"thread", thread}, {"body", "Eerst " + words[0]},
                                                     {"client_msg_id", "p1"}});
    ASSERT_EQ(own["ok"], true) << own.dump();
    auto post = own["post"]["id"];
    ASSERT_EQ(participant->request("post.edit", {{"post", post}, {"body", "Nu " + words[1]}})["ok"], true);
    ASSERT_EQ(expert->request("post.flag", {{"post", post}, {"reason", "Over " + words[3]}})["ok"], true);
    auto column = moderator->request("session.state", {{"session", session}})["board"]["columns"][0]["id"];
    auto card = participant->request("board.card.create", {{"session", session}, {"column", column},
                                                           {"title", words[2]}, {"body", "Toelichting"}});
    ASSERT_EQ(card["ok"], true) << card.dump();
    for (const auto& word : words) EXPECT_TRUE(any_file_contains(server.dir(), word)) << word;
    subscribe(*moderator);

    ASSERT_EQ(erase(*moderator, participant_user, "redact")["ok"], true);
    wait_for_erased(*moderator);

    auto posts = posts_of(*moderator, thread);
    ASSERT_EQ(posts.size(), 2u);
    for (const auto& p : posts)
        if (p["id"] == post) {
            EXPECT_EQ(p["state"], "redacted");
            EXPECT_FALSE(p.contains("body"));
        }
    EXPECT_TRUE(moderator->request("session.state", {{"session", session}})["board"]["cards"].empty());
    auto expect_nowhere = [&](const std::filesystem::path& where) {
        for (const auto& word : words)
            for (const auto& form : {word, ascii_lower(word)}) {
                auto found = files_containing(where, form);
                EXPECT_TRUE(found.empty()) << form << " in " << names_of(found);
            }
        EXPECT_TRUE(any_file_contains(where, others_word)) << "what others wrote stays";
    };
    expect_nowhere(server.dir());
    auto backups = server.dir().parent_path() / ("backup-" + server.dir().filename().string());
    std::filesystem::create_directories(backups);
    kl::storage::backup_database(server.database_path(), (backups / "kopie.db").string());
    expect_nowhere(backups);
    std::filesystem::remove_all(backups);
}

}  // namespace
