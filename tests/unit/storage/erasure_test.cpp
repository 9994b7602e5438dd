// The storage side of erasing for good: finding the events that hold a text, emptying
// the reasons in the audit log and on a redacted post's flags, retitling a thread.
// Merging the search index afterwards and the WAL truncation: fulltext_merge_test.cpp,
// erasure_checkpoint_test.cpp.
#include "storage/audit.hpp"
#include "storage/connection.hpp"
#include "storage/events.hpp"
#include "storage/posts.hpp"
#include "storage/sessions.hpp"
#include "storage/threads.hpp"
#include "storage/users.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace kl::storage;

namespace {

class Erasure : public ::testing::Test {
protected:
    kl::test::TempDatabase temp;
    Connection c = open_database(temp.path(), OpenMode::read_write);
    std::int64_t user_id = 0, session_id = 0, other_session_id = 0;

    void SetUp() override {
        NewUser user;
        user.email = "moderator@ess.example";
        user.display_name = "Moderator";
        user.organisation_type = "ess";
        user.global_role = "staff";
        user_id = create_user(c, user).id;
        Session session;
        session.title = "Kennislab";
        session.created_by = user_id;
        session_id = create_session(c, session).id;
        other_session_id = create_session(c, session).id;
    }

    std::int64_t append(std::int64_t session, std::string body, std::optional<std::string> moderator_body = {}) {
        StoredEvent event;
        event.session_id = session;
        event.kind = "thread.updated";
        event.body = std::move(body);
        event.moderator_body = std::move(moderator_body);
        return append_event(c, event).seq;
    }

    void audit(const std::string& action, const std::string& target_id, const nlohmann::json& detail) {
        AuditEntry entry;
        entry.at = 1;
        entry.actor_id = user_id;
        entry.action = action;
        entry.target_type = "post";
        entry.target_id = target_id;
        entry.session_id = session_id;
        entry.detail = detail.dump();
        append_audit(c, entry);
    }
};

TEST_F(Erasure, EventsContainingFindsTheTextInEitherFormWithinOneSessionOnly) {
    auto in_body = append(session_id, R"({"thread":{"title":"Oude titel"}})");
    append(session_id, R"({"thread":{"title":"Andere"}})");
    auto in_moderator_body = append(session_id, R"({"x":1})", R"({"thread":{"title":"Oude titel"}})");
    append(other_session_id, R"({"thread":{"title":"Oude titel"}})");
    auto found = events_containing(c, session_id, "Oude titel");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].seq, in_body);
    EXPECT_EQ(found[1].seq, in_moderator_body);
}

TEST_F(Erasure, AuditReasonsOfOneTargetAreEmptiedAndMarkedTheRestStays) {
    audit("mod.hide", "7", {{"reason", "noemt de naam"}, {"author", "3"}});
    audit("mod.restore", "7", {{"reason", "toch goed"}});
    audit("mod.hide", "8", {{"reason", "ander bericht"}});
    audit("mod.approve", "7", {{"reason", ""}});
    EXPECT_FALSE(c.take_erasure_note());
    erase_audit_reasons(c, session_id, "post", "7");
    EXPECT_TRUE(c.take_erasure_note());
    auto entries = list_audit(c, session_id, std::nullopt, 10);
    auto detail_of = [&](const std::string& action, const std::string& target) {
        for (const auto& entry : entries)
            if (entry.action == action && entry.target_id == target) return nlohmann::json::parse(entry.detail);
        return nlohmann::json();
    };
    auto hidden = detail_of("mod.hide", "7");
    EXPECT_EQ(hidden["reason"], "");
    EXPECT_EQ(hidden["reason_erased"], true);
    EXPECT_EQ(hidden["author"], "3");
    EXPECT_EQ(detail_of("mod.restore", "7")["reason_erased"], true);
    EXPECT_EQ(detail_of("mod.hide", "8")["reason"], "ander bericht");
    EXPECT_FALSE(detail_of("mod.approve", "7").contains("reason_erased")) << "an empty reason had nothing to erase";
}

TEST_F(Erasure, ARedactedPostKeepsItsFlagsWithoutTheirReasons) {
    Thread thread;
    thread.session_id = session_id;
    thread.title = "Gesprek";
    thread.kind = "casus";
    thread.created_by = user_id;
    auto created = create_thread(c, thread);
    Post post;
    post.thread_id = created.id;
    post.session_id = session_id;
    post.author_id = user_id;
    post.body = "De tekst";
    auto stored = create_post(c, post);
    Flag flag;
    flag.post_id = stored.id;
    flag.session_id = session_id;
    flag.flagged_by = user_id;
    flag.reason = "citeert de tekst";
    auto added = add_flag(c, flag);
    ASSERT_TRUE(added);
    erase_post_text(c, stored);
    auto after = find_flag(c, added->id);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->reason, "");
    EXPECT_TRUE(find_post(c, stored.id)->body.empty());
}

TEST_F(Erasure, RetitlingReplacesTheTitleAndTheSearchIndexWord) {
    Thread thread;
    thread.session_id = session_id;
    thread.title = "Zorgen over Roerdomp";
    thread.kind = "vraag";
    thread.created_by = user_id;
    auto created = create_thread(c, thread);
    retitle_thread(c, created, "Zorgen in de buurt");
    EXPECT_EQ(find_thread(c, created.id)->title, "Zorgen in de buurt");
    auto match = [&](const char* word) {
        auto statement = c.prepare("SELECT count(*) FROM threads_fts WHERE threads_fts MATCH ?");
        statement.bind(1, word);
        statement.step();
        return statement.int64(0);
    };
    EXPECT_EQ(match("roerdomp"), 0);
    EXPECT_EQ(match("buurt"), 1);
}

}  // namespace
