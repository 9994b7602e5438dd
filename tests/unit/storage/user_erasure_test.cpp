// Erasing a person in storage: the account ends at once (logins, factors, memberships,
// invitations, mails; the row a tombstone), what they made is found in bounded pages,
// the stage and cursor survive a restart, and the audit log keeps its entries without
// the person's addresses. The posts' own anonymising or redaction is the application's
// (tests/integration/user_erasure).
#include "storage/audit.hpp"
#include "storage/connection.hpp"
#include "storage/sessions.hpp"
#include "storage/user_erasure.hpp"
#include "storage/users.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace kl::storage;

namespace {

class UserErasureStorage : public ::testing::Test {
protected:
    kl::test::TempDatabase temp;
    std::optional<Connection> c{open_database(temp.path(), OpenMode::read_write)};
    std::int64_t admin = 0, person = 0, other = 0, session_id = 0, thread = 0;

    std::int64_t user(const std::string& email, const std::string& role) {
        NewUser u;
        u.email = email;
        u.display_name = "Naam " + email;
        u.organisation_type = "gemeente";
        u.organisation_name = "Gemeente Zwaluwdorp";
        u.global_role = role;
        u.password_hash = "hash";
        return create_user(*c, u).id;
    }

    std::int64_t insert(const std::string& sql) {
        c->exec(sql);
        return c->last_insert_id();
    }

    std::int64_t count(const std::string& sql) {
        auto statement = c->prepare(sql);
        statement.step();
        return statement.int64(0);
    }

    void SetUp() override {
        admin = user("beheer@ess.example", "admin");
        person = user("jan@zwaluwdorp.example", "member");
        other = user("piet@zwaluwdorp.example", "member");
        Session s;
        s.title = "Kennislab";
        s.created_by = admin;
        session_id = create_session(*c, s).id;
        for (auto id : {person, other}) {
            Member m;
            m.session_id = session_id;
            m.user_id = id;
            m.role = "participant";
            add_member(*c, m);
        }
        auto sid = std::to_string(session_id), uid = std::to_string(person);
        thread = insert("INSERT INTO threads (session_id, title, kind, created_at, created_by) VALUES (" + sid +
                        ", 'Titel', 'casus', 1, " + std::to_string(other) + ")");
        for (int i = 0; i < 25; ++i)
            insert("INSERT INTO posts (thread_id, session_id, author_id, body, state, attribution, created_at) VALUES (" +
                   std::to_string(thread) + ", " + sid + ", " + uid + ", 'Bericht', 'visible', 'named', 1)");
        insert("INSERT INTO posts (thread_id, session_id, author_id, body, state, attribution, created_at) VALUES (" +
               std::to_string(thread) + ", " + sid + ", " + std::to_string(other) + ", 'Ander', 'visible', 'named', 1)");
        for (int i = 0; i < 7; ++i)
            insert("INSERT INTO notifications (user_id, kind, session_id, at) VALUES (" + uid + ", 'post.reply', " + sid +
                   ", 1)");
        insert("INSERT INTO notifications (user_id, kind, session_id, at) VALUES (" + std::to_string(other) +
               ", 'post.reply', " + sid + ", 1)");
        insert("INSERT INTO login_tokens (token_hash, user_id, created_at, expires_at) VALUES ('t1', " + uid + ", 1, 9)");
        insert("INSERT INTO login_tokens (token_hash, user_id, created_at, expires_at) VALUES ('t2', " +
               std::to_string(other) + ", 1, 9)");
        insert("INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (" + uid + ", 'c1', 1)");
        insert("INSERT INTO passkeys (user_id, name, credential_id, public_key_der, algorithm, sign_count, created_at) "
               "VALUES (" + uid + ", 'sleutel', 'cred', 'der', -7, 0, 1)");
        insert("INSERT INTO invitations (session_id, role, email, display_name, token_hash, history, created_at, "
               "expires_at, invited_by, used_by, used_at) VALUES (" + sid + ", 'participant', 'jan@zwaluwdorp.example', "
               "'Jan', 'inv', 'full', 1, 9, " + std::to_string(admin) + ", " + uid + ", 2)");
        insert("INSERT INTO mail_outbox (recipient, kind, subject, message_id, status, created_at) VALUES "
               "('jan@zwaluwdorp.example', 'activation', 'Welkom', 'm1', 'sent', 1)");
        insert("INSERT INTO mail_outbox (recipient, kind, subject, message_id, status, created_at) VALUES "
               "('piet@zwaluwdorp.example', 'activation', 'Welkom', 'm2', 'sent', 1)");
        for (int i = 0; i < 3; ++i)
            append_audit(*c, AuditEntry{0, 1, person, "login", "user", uid, std::nullopt, "{}", "192.0.2.7"});
        append_audit(*c, AuditEntry{0, 1, admin, "user.reset", "user", uid, std::nullopt, "{}", "192.0.2.1"});
        append_audit(*c, AuditEntry{0, 1, other, "login", "user", std::to_string(other), std::nullopt, "{}", "192.0.2.9"});
    }
};

TEST_F(UserErasureStorage, EndsTheAccountAtOnceAndLeavesATombstone) {
    begin_user_erasure(*c, person, "anonymise", admin, "00ff00ff00ff00ff", 100);
    auto tomb = find_user(*c, person);
    ASSERT_TRUE(tomb);
    EXPECT_EQ(tomb->display_name, erased_person_label);
    EXPECT_EQ(tomb->organisation_name, "");
    EXPECT_EQ(tomb->organisation_type, "other");
    EXPECT_EQ(tomb->global_role, "member");
    EXPECT_FALSE(tomb->password_hash);
    EXPECT_TRUE(tomb->disabled);
    EXPECT_EQ(tomb->erased_at, 100);
    EXPECT_EQ(tomb->email.find("jan"), std::string::npos);
    EXPECT_FALSE(find_user_by_email(*c, "jan@zwaluwdorp.example"));
    // Not found by an administrator's search any more.
    EXPECT_TRUE(search_users(*c, "verwijderd", 10).empty());
    auto uid = std::to_string(person);
    for (const char* table : {"login_tokens", "recovery_codes", "passkeys", "members"})
        EXPECT_EQ(count(std::string("SELECT count(*) FROM ") + table + " WHERE user_id = " + uid), 0) << table;
    EXPECT_EQ(count("SELECT count(*) FROM invitations"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM mail_outbox WHERE recipient LIKE 'jan%'"), 0);
    // The others keep theirs.
    EXPECT_EQ(count("SELECT count(*) FROM login_tokens"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM members"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM mail_outbox"), 1);
    EXPECT_EQ(user_erasure_sessions(*c, person), std::vector<std::int64_t>{session_id});
    // What they made is still there, for the batches.
    EXPECT_EQ(count("SELECT count(*) FROM posts WHERE author_id = " + uid), 25);
}

TEST_F(UserErasureStorage, BatchesAreBoundedAndARestartGoesOnWhereItStopped) {
    begin_user_erasure(*c, person, "redact", admin, "0123456789abcdef", 100);
    EXPECT_EQ(delete_user_notifications(*c, person, 5), 5);
    EXPECT_EQ(delete_user_notifications(*c, person, 5), 2);
    EXPECT_EQ(count("SELECT count(*) FROM notifications"), 1);  // the other's stays

    auto first = posts_of_user(*c, person, 0, 10);
    ASSERT_EQ(first.size(), 10u);
    auto erasure = next_user_erasure(*c);
    ASSERT_TRUE(erasure);
    EXPECT_EQ(erasure->posts, "redact");
    erasure->stage = UserErasureStage::posts;
    erasure->cursor = first.back();
    save_user_erasure(*c, *erasure);

    // A restart: a new connection finds the same stage and cursor.
    c.reset();
    c.emplace(open_database(temp.path(), OpenMode::read_write));
    auto again = next_user_erasure(*c);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->user_id, person);
    EXPECT_EQ(again->stage, UserErasureStage::posts);
    EXPECT_EQ(again->cursor, first.back());
    auto rest = posts_of_user(*c, person, again->cursor, 10);
    ASSERT_EQ(rest.size(), 10u);
    EXPECT_GT(rest.front(), first.back());
    EXPECT_EQ(posts_of_user(*c, person, rest.back(), 10).size(), 5u);

    // The audit log: every entry stays, the person's addresses go, in pages.
    auto last = scrub_user_audit(*c, person, 0, 2);
    EXPECT_GT(last, 0);
    EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE address IS NOT NULL"), 3);
    auto next = scrub_user_audit(*c, person, last, 2);
    EXPECT_GT(next, last);
    EXPECT_EQ(scrub_user_audit(*c, person, next, 2), next);  // none left
    EXPECT_EQ(count("SELECT count(*) FROM audit_log"), 5);
    EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE address IS NOT NULL"), 1);  // the other's login

    finish_user_erasure(*c, person, 200);
    EXPECT_FALSE(next_user_erasure(*c));
    EXPECT_EQ(find_user_erasure(*c, person)->finished_at, 200);
}

TEST_F(UserErasureStorage, CountsOnlyActiveAdministrators) {
    EXPECT_EQ(count_active_administrators(*c), 1);
    auto second = user("tweede@ess.example", "admin");
    EXPECT_EQ(count_active_administrators(*c), 2);
    set_disabled(*c, second, true);
    EXPECT_EQ(count_active_administrators(*c), 1);
}

}  // namespace
