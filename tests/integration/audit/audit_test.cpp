// audit.list against the real server over TLS: a session's moderator reads that
// session's part of the audit log page by page, the administrator reads all of it
// (with client addresses), and everyone else is refused, next to the allowed case.
#include "support/fixture.hpp"

#include <set>

using namespace kl::test;
using nlohmann::json;

namespace {

class AuditTest : public ServerTest {
protected:
    std::unique_ptr<WsClient> admin, moderator, other_moderator, participant, expert, observer;
    json moderator_user, other_user, participant_user, expert_user, observer_user;
    std::string moderator_cookie;
    std::string session, other_session, post;

    void SetUp() override {
        admin = std::make_unique<WsClient>(server.port(), ws_options(setup_admin()));
        std::string other_cookie, participant_cookie, expert_cookie, observer_cookie;
        std::tie(moderator_user, moderator_cookie) = make_user(*admin, "moderator@ess.example", "staff");
        std::tie(other_user, other_cookie) = make_user(*admin, "moderator@nctv.example", "staff");
        std::tie(participant_user, participant_cookie) = make_user(*admin, "deelnemer@gemeente.example");
        std::tie(expert_user, expert_cookie) = make_user(*admin, "deskundige@universiteit.example");
        std::tie(observer_user, observer_cookie) = make_user(*admin, "toehoorder@gemeente.example");
        moderator = std::make_unique<WsClient>(server.port(), ws_options(moderator_cookie));
        other_moderator = std::make_unique<WsClient>(server.port(), ws_options(other_cookie));
        participant = std::make_unique<WsClient>(server.port(), ws_options(participant_cookie));
        expert = std::make_unique<WsClient>(server.port(), ws_options(expert_cookie));
        observer = std::make_unique<WsClient>(server.port(), ws_options(observer_cookie));

        // A staff member's session: membership, an invitation and a hidden post on record.
        auto created = moderator->request("session.create", {{"title", "Kennislab Noord"}});
        ASSERT_EQ(created["ok"], true) << created.dump();
        session = created["session"]["id"];
        add_members(*moderator, session, {{&participant_user, "participant"}, {&expert_user, "expert"}, {&observer_user, "observer"}});
        ASSERT_EQ(moderator->request("invite.create", {{"session", session}, {"role", "expert"}, {"expires_in_hours", 24}})["ok"], true);
        auto thread = participant->request("thread.create", {{"session", session}, {"title", "Casus haven"}, {"kind", "casus"},
                                                             {"body", "Een bericht dat verborgen wordt."}});
        ASSERT_EQ(thread["ok"], true) << thread.dump();
        post = thread["post"]["id"];
        ASSERT_EQ(moderator->request("mod.hide", {{"post", post}, {"reason", "te herleidbaar"}})["ok"], true);

        // Another staff member's session, with a participant.
        auto second = other_moderator->request("session.create", {{"title", "Kennislab Zuid"}});
        ASSERT_EQ(second["ok"], true);
        other_session = second["session"]["id"];
        ASSERT_EQ(other_moderator->request("member.add", {{"session", other_session}, {"user", participant_user["id"]},
                                                          {"role", "participant"}})["ok"], true);
    }

    static std::vector<std::string> actions_of(const json& entries) {
        std::vector<std::string> actions;
        for (const auto& entry : entries) actions.push_back(entry["action"]);
        return actions;
    }

    static const json* find_action(const json& entries, const std::string& action) {
        for (const auto& entry : entries)
            if (entry["action"] == action) return &entry;
        return nullptr;
    }
};

TEST_F(AuditTest, AModeratorReadsTheirSessionsEntriesNewestFirst) {
    auto answer = moderator->request("audit.list", {{"session", session}});
    ASSERT_EQ(answer["ok"], true) << answer.dump();
    const auto& entries = answer["entries"];
    EXPECT_EQ(answer["has_more"], false);
    EXPECT_TRUE(answer["next_before"].is_null());
    // session.create, 3 × member.add, invite.create, mod.hide: only this session's, newest first.
    EXPECT_EQ(actions_of(entries), (std::vector<std::string>{"mod.hide", "invite.create", "member.add", "member.add",
                                                             "member.add", "session.create"}));
    for (std::size_t i = 0; i < entries.size(); ++i) {
        EXPECT_EQ(entries[i]["session"], session);
        EXPECT_FALSE(entries[i].contains("address")) << "addresses are for administrators only";
        EXPECT_TRUE(entries[i]["at"].get<std::string>().ends_with("Z"));
        if (i > 0) {
            EXPECT_LT(std::stoll(entries[i]["id"].get<std::string>()), std::stoll(entries[i - 1]["id"].get<std::string>()));
        }
    }
    const auto& hide = *find_action(entries, "mod.hide");
    EXPECT_EQ(hide["actor"], (json{{"id", moderator_user["id"]}, {"display_name", moderator_user["display_name"]}}));
    EXPECT_EQ(hide["target"], (json{{"type", "post"}, {"id", post}}));  // no label: never post text
    EXPECT_EQ(hide["detail"]["reason"], "te herleidbaar");
    const auto& added = entries[4];  // the first member.add: the participant
    EXPECT_EQ(added["target"], (json{{"type", "user"}, {"id", participant_user["id"]}, {"label", participant_user["display_name"]}}));
    EXPECT_EQ(added["detail"]["role"], "participant");
}

TEST_F(AuditTest, PagesFollowEachOtherWithoutGapsOrOverlap) {
    auto all = moderator->request("audit.list", {{"session", session}, {"limit", 200}})["entries"];
    ASSERT_EQ(all.size(), 6u);
    json walked = json::array();
    json params = {{"session", session}, {"limit", 4}};
    for (int page = 0; page < 3; ++page) {
        auto answer = moderator->request("audit.list", params);
        ASSERT_EQ(answer["ok"], true) << answer.dump();
        for (const auto& entry : answer["entries"]) walked.push_back(entry);
        if (answer["has_more"] == false) {
            EXPECT_TRUE(answer["next_before"].is_null());
            break;
        }
        EXPECT_EQ(answer["next_before"], answer["entries"].back()["id"]);
        params["before"] = answer["next_before"];
    }
    EXPECT_EQ(walked, all);
    // The default page and the bounds of limit.
    EXPECT_EQ(moderator->request("audit.list", {{"session", session}, {"limit", 1}})["entries"].size(), 1u);
    EXPECT_EQ(moderator->request("audit.list", {{"session", session}, {"limit", 200}})["ok"], true);
}

TEST_F(AuditTest, OtherRolesAndOtherModeratorsAreRefused) {
    ASSERT_EQ(moderator->request("audit.list", {{"session", session}})["ok"], true);
    for (auto* client : {participant.get(), expert.get(), observer.get()})
        EXPECT_EQ((*client).request("audit.list", {{"session", session}})["error"]["code"], "forbidden");
    // The moderator of another session is not a member of this one.
    EXPECT_EQ(other_moderator->request("audit.list", {{"session", session}})["error"]["code"], "forbidden");
    auto own = other_moderator->request("audit.list", {{"session", other_session}});
    ASSERT_EQ(own["ok"], true);
    EXPECT_EQ(actions_of(own["entries"]), (std::vector<std::string>{"member.add", "session.create"}));
    // Without a session a moderator (or anyone but an administrator) gets nothing.
    EXPECT_EQ(moderator->request("audit.list")["error"]["code"], "forbidden");
    EXPECT_EQ(participant->request("audit.list")["error"]["code"], "forbidden");
    EXPECT_EQ(moderator->request("audit.list", {{"session", "999999"}})["error"]["code"], "not_found");
    // A member made moderator reads the log; made participant again, they lose it at once.
    ASSERT_EQ(moderator->request("member.set_role", {{"session", session}, {"user", expert_user["id"]}, {"role", "moderator"}})["ok"], true);
    EXPECT_EQ(expert->request("audit.list", {{"session", session}})["ok"], true);
    ASSERT_EQ(moderator->request("member.set_role", {{"session", session}, {"user", expert_user["id"]}, {"role", "participant"}})["ok"], true);
    EXPECT_EQ(expert->request("audit.list", {{"session", session}})["error"]["code"], "forbidden");
}

TEST_F(AuditTest, AnArchivedSessionsModeratorStillReadsItsLog) {
    ASSERT_EQ(moderator->request("session.archive", {{"session", session}})["ok"], true);
    auto answer = moderator->request("audit.list", {{"session", session}, {"limit", 1}});
    ASSERT_EQ(answer["ok"], true) << answer.dump();
    EXPECT_EQ(answer["entries"][0]["action"], "session.archive");
    EXPECT_EQ(participant->request("audit.list", {{"session", session}})["error"]["code"], "forbidden");
}

TEST_F(AuditTest, TheAdministratorReadsEverythingWithAddresses) {
    ASSERT_EQ(login("moderator@ess.example", "niet-het-wachtwoord").status, 401);
    auto answer = admin->request("audit.list", {{"limit", 200}});
    ASSERT_EQ(answer["ok"], true) << answer.dump();
    const auto& entries = answer["entries"];
    std::set<std::string> sessions, actions;
    for (const auto& entry : entries) {
        EXPECT_TRUE(entry.contains("address"));
        if (!entry["session"].is_null()) sessions.insert(entry["session"]);
        actions.insert(entry["action"]);
    }
    EXPECT_EQ(sessions, (std::set<std::string>{session, other_session}));
    for (const char* action : {"setup", "user.create", "activate", "session.create", "member.add", "mod.hide", "login_failed"})
        EXPECT_TRUE(actions.contains(action)) << action;
    // The failed login is the newest entry: no actor (nobody logged in), the target
    // account, and the client's address.
    const auto& failed = entries[0];
    EXPECT_EQ(failed["action"], "login_failed");
    EXPECT_TRUE(failed["actor"].is_null());
    EXPECT_EQ(failed["target"]["id"], moderator_user["id"]);
    EXPECT_EQ(failed["address"], "127.0.0.1");
    // One session's part, also of a session the administrator is not a member of.
    auto other = admin->request("audit.list", {{"session", other_session}});
    ASSERT_EQ(other["ok"], true);
    EXPECT_EQ(actions_of(other["entries"]), (std::vector<std::string>{"member.add", "session.create"}));
    EXPECT_EQ(admin->request("audit.list", {{"session", "999999"}})["error"]["code"], "not_found");
}

TEST_F(AuditTest, BadParamsAreRefused) {
    for (const json& params : {json{{"session", session}, {"limit", 0}}, json{{"session", session}, {"limit", 1000}},
                               json{{"session", session}, {"limit", 201}}, json{{"session", session}, {"limit", "10"}},
                               json{{"session", session}, {"limit", 2.5}}, json{{"session", session}, {"before", "abc"}},
                               json{{"session", session}, {"before", "-1"}}, json{{"session", session}, {"before", "007"}},
                               json{{"session", session}, {"before", 12}}, json{{"session", 12}},
                               json{{"session", "twaalf"}}})
        EXPECT_EQ(moderator->request("audit.list", params)["error"]["code"], "bad_request") << params.dump();
    // Validation comes first, also for an administrator.
    EXPECT_EQ(admin->request("audit.list", {{"limit", 0}})["error"]["code"], "bad_request");
}

}  // namespace
