// Retention in storage: when a session is due, the legal hold that stops it, and the
// erasure in bounded batches that survives a restart halfway and leaves the session's
// title, dates, members and audit log (without reasons), and nothing of another session.
#include "storage/audit.hpp"
#include "storage/connection.hpp"
#include "storage/retention.hpp"
#include "storage/sessions.hpp"
#include "storage/users.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

using namespace kl::storage;

namespace {

constexpr std::int64_t day = seconds_per_day;

class Retention : public ::testing::Test {
protected:
    kl::test::TempDatabase temp;
    std::optional<Connection> c{open_database(temp.path(), OpenMode::read_write)};
    std::int64_t user_id = 0;

    void SetUp() override {
        NewUser user;
        user.email = "moderator@ess.example";
        user.display_name = "Moderator";
        user.organisation_type = "ess";
        user.global_role = "staff";
        user_id = create_user(*c, user).id;
    }

    std::int64_t session(std::optional<std::int64_t> archived_at, std::optional<std::int64_t> days,
                         const std::string& title = "Kennislab") {
        Session s;
        s.title = title;
        s.description = "Beschrijving zwaluwstaart";
        s.created_by = user_id;
        s.retention_days = days;
        auto made = create_session(*c, s);
        made.archived_at = archived_at;
        update_session(*c, made);
        Member m;
        m.session_id = made.id;
        m.user_id = user_id;
        m.role = "moderator";
        add_member(*c, m);
        return made.id;
    }

    std::int64_t insert(const std::string& sql) {
        c->exec(sql);
        return c->last_insert_id();
    }

    // A session's content in every table the erasure reaches, each text holding word.
    void fill(std::int64_t s, const std::string& word, int threads, int posts_per_thread) {
        auto sid = std::to_string(s), uid = std::to_string(user_id);
        auto column = insert("INSERT INTO board_columns (session_id, title, position) VALUES (" + sid + ", 'Kolom " + word +
                             "', 0)");
        std::int64_t first_post = 0;
        for (int t = 0; t < threads; ++t) {
            auto thread = std::to_string(insert("INSERT INTO threads (session_id, title, kind, created_at, created_by) "
                                                "VALUES (" + sid + ", 'Titel " + word + "', 'casus', 1, " + uid + ")"));
            std::int64_t previous = 0;
            for (int p = 0; p < posts_per_thread; ++p) {
                auto reply = previous ? std::to_string(previous) : std::string("NULL");
                previous = insert("INSERT INTO posts (thread_id, session_id, author_id, body, state, attribution, reply_to, "
                                  "created_at) VALUES (" + thread + ", " + sid + ", " + uid + ", 'Bericht " + word +
                                  "', 'visible', 'named', " + reply + ", 1)");
                if (!first_post) first_post = previous;
            }
            insert("INSERT INTO thread_reads (user_id, thread_id, read_post_id) VALUES (" + uid + ", " + thread + ", " +
                   std::to_string(previous) + ")");
        }
        auto post = std::to_string(first_post);
        insert("INSERT INTO post_revisions (post_id, body, at) VALUES (" + post + ", 'Oud " + word + "', 1)");
        insert("INSERT INTO flags (post_id, session_id, flagged_by, reason, at) VALUES (" + post + ", " + sid + ", " +
               uid + ", 'Melding " + word + "', 1)");
        insert("INSERT INTO cards (session_id, column_id, title, body, position, source_post, created_by, created_at, "
               "updated_by, updated_at) VALUES (" + sid + ", " + std::to_string(column) + ", 'Kaart " + word + "', 'Tekst " +
               word + "', 0, " + post + ", " + uid + ", 1, " + uid + ", 1)");
        insert("INSERT INTO note_blocks (session_id, kind, text, position, created_by, created_at, updated_by, updated_at) "
               "VALUES (" + sid + ", 'summary', 'Notitie " + word + "', 0, " + uid + ", 1, " + uid + ", 1)");
        insert("INSERT INTO events (session_id, seq, at, kind, audience, body) VALUES (" + sid + ", 1, 1, 'post.created', "
               "'all', '{\"body\":\"" + word + "\"}')");
        insert("INSERT INTO invitations (session_id, role, note, token_hash, history, created_at, expires_at, invited_by) "
               "VALUES (" + sid + ", 'expert', 'Notitie " + word + "', 'hash" + word + "', 'full', 1, 2, " + uid + ")");
        insert("INSERT INTO notifications (user_id, kind, session_id, post_id, at) VALUES (" + uid + ", 'reply', " + sid +
               ", " + post + ", 1)");
        insert("INSERT INTO notifications (user_id, kind, session_id, at) VALUES (" + uid + ", 'retention.notice', " + sid +
               ", 1)");
        AuditEntry entry;
        entry.at = 1;
        entry.actor_id = user_id;
        entry.action = "mod.hide";
        entry.target_type = "post";
        entry.target_id = post;
        entry.session_id = s;
        entry.detail = R"({"reason":"Reden )" + word + R"("})";
        append_audit(*c, entry);
    }

    std::int64_t count(const std::string& sql) {
        auto statement = c->prepare(sql);
        statement.step();
        return statement.int64(0);
    }

    // Rows of session s in the content tables, and search hits on word in any index.
    std::int64_t content_rows(std::int64_t s) {
        std::int64_t rows = 0;
        auto sid = std::to_string(s);
        for (const char* table : {"threads", "posts", "flags", "cards", "board_columns", "note_blocks", "events",
                                  "invitations"})
            rows += count(std::string("SELECT count(*) FROM ") + table + " WHERE session_id = " + sid);
        rows += count("SELECT count(*) FROM notifications WHERE session_id = " + sid + " AND kind NOT LIKE 'retention.%'");
        return rows;
    }
    std::int64_t search_hits(const std::string& word) {
        std::int64_t hits = 0;
        for (const char* index : {"posts_fts", "threads_fts", "cards_fts", "notes_fts"})
            hits += count(std::string("SELECT count(*) FROM ") + index + " WHERE " + index + " MATCH '" + word + "'");
        return hits;
    }

    // Batches until finished (or held); returns how many ran.
    int erase_all(std::int64_t s, int max_rows, std::int64_t now) {
        int batches = 0;
        for (;;) {
            ++batches;
            auto step = in_transaction(*c, [&] { return erase_session_batch(*c, s, max_rows, now); });
            if (step != ErasureStep::more) return batches;
            EXPECT_LT(batches, 100000);
        }
    }
};

TEST_F(Retention, EraseAfterIsArchiveTimePlusTheTermAndNothingWithoutEither) {
    Session s;
    EXPECT_EQ(erase_after(s), std::nullopt);
    s.archived_at = 1000;
    EXPECT_EQ(erase_after(s), std::nullopt);  // no term: kept
    s.retention_days = 30;
    EXPECT_EQ(erase_after(s), 1000 + 30 * day);
    s.retention_days = 0;
    EXPECT_EQ(erase_after(s), 1000);
    s.archived_at.reset();
    EXPECT_EQ(erase_after(s), std::nullopt);  // not archived: not due
}

TEST_F(Retention, DueSessionsAreArchivedPastTheirTermAndNotHeld) {
    auto due = session(1000, 10);
    auto later = session(1000, 40);
    auto no_term = session(1000, std::nullopt);
    auto open = session(std::nullopt, 0);
    auto held = session(1000, 0);
    set_legal_hold(*c, held, true, "Wob-verzoek");
    auto now = 1000 + 20 * day;
    EXPECT_EQ(sessions_due_for_erasure(*c, now, 10), std::vector<std::int64_t>{due});
    // The notice comes 14 days ahead, once.
    EXPECT_EQ(sessions_due_for_notice(*c, now, 14 * day, 10), (std::vector<std::int64_t>{due}));
    EXPECT_EQ(sessions_due_for_notice(*c, now + 7 * day, 14 * day, 10), (std::vector<std::int64_t>{due, later}));
    mark_erasure_notice(*c, due, now);
    EXPECT_EQ(sessions_due_for_notice(*c, now, 14 * day, 10), std::vector<std::int64_t>{});
    // Lifting the hold makes it due again.
    set_legal_hold(*c, held, false, "Verzoek afgehandeld");
    EXPECT_EQ(sessions_due_for_erasure(*c, now, 10), (std::vector<std::int64_t>{held, due}));
    auto listed = sessions_with_retention(*c, 10);
    ASSERT_EQ(listed.size(), 3u);
    EXPECT_EQ(listed[2].id, later);
    EXPECT_EQ(listed[0].hold_reason, "Verzoek afgehandeld");
    (void)no_term;
    (void)open;
}

TEST_F(Retention, ErasureInBatchesRemovesAllContentAndKeepsTitleMembersAndAudit) {
    auto erased = session(1000, 0, "Titel blijft");
    auto kept = session(1000, 100);
    fill(erased, "zwaluwstaart", 3, 40);
    fill(kept, "koolwitje", 2, 5);
    ASSERT_GT(content_rows(erased), 120);
    ASSERT_GT(search_hits("zwaluwstaart"), 0);
    c->take_erasure_note();

    int batches = erase_all(erased, 25, 5000);
    EXPECT_GE(batches, 5) << "at most 25 rows a batch";
    EXPECT_TRUE(c->take_erasure_note()) << "the writer checkpoints after the last batch";
    EXPECT_EQ(content_rows(erased), 0);
    EXPECT_EQ(search_hits("zwaluwstaart"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM post_revisions WHERE post_id NOT IN (SELECT id FROM posts)"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM thread_reads WHERE thread_id NOT IN (SELECT id FROM threads)"), 0);
    auto after = *find_session(*c, erased);
    EXPECT_EQ(after.title, "Titel blijft");
    EXPECT_EQ(after.description, "");
    EXPECT_EQ(after.erased_at, 5000);
    EXPECT_EQ(after.erasure_started_at, std::nullopt);
    EXPECT_EQ(list_members(*c, erased).size(), 1u);
    // The notice about the erasure stays; the audit entry stays without its reason.
    EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE session_id = " + std::to_string(erased)), 1);
    auto audit = list_audit(*c, erased, std::nullopt, 10);
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].action, "mod.hide");
    EXPECT_EQ(audit[0].detail.find("zwaluwstaart"), std::string::npos) << audit[0].detail;
    // The other session is whole, its search too.
    EXPECT_EQ(content_rows(kept), 2 + 10 + 1 + 1 + 1 + 1 + 1 + 1 + 1);
    EXPECT_GT(search_hits("koolwitje"), 0);
    EXPECT_EQ(find_session(*c, kept)->description, "Beschrijving zwaluwstaart");
    // Erased is erased: another batch does nothing.
    EXPECT_EQ(erase_session_batch(*c, erased, 25, 6000), ErasureStep::held);
    EXPECT_EQ(sessions_due_for_erasure(*c, 1000 + 50 * day, 10), std::vector<std::int64_t>{});
}

TEST_F(Retention, ARestartHalfwayGoesOnWhereItStopped) {
    auto s = session(1000, 0);
    fill(s, "zwaluwstaart", 2, 50);
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(in_transaction(*c, [&] { return erase_session_batch(*c, s, 20, 5000); }), ErasureStep::more);
    auto left = content_rows(s);
    EXPECT_GT(left, 0);
    c.reset();  // the server stops
    c.emplace(open_database(temp.path(), OpenMode::read_write));
    EXPECT_EQ(find_session(*c, s)->erasure_started_at, 5000) << "the state is in the database";
    EXPECT_EQ(sessions_due_for_erasure(*c, 0, 10), std::vector<std::int64_t>{s}) << "begun: due whatever the clock";
    erase_all(s, 20, 7000);
    EXPECT_EQ(content_rows(s), 0);
    EXPECT_EQ(find_session(*c, s)->erased_at, 7000);
}

TEST_F(Retention, AHoldStopsTheErasureEvenHalfwayAndLiftingLetsItFinish) {
    auto s = session(1000, 0);
    fill(s, "zwaluwstaart", 1, 60);
    ASSERT_EQ(in_transaction(*c, [&] { return erase_session_batch(*c, s, 20, 5000); }), ErasureStep::more);
    set_legal_hold(*c, s, true, "Rechterlijk bevel");
    auto left = content_rows(s);
    EXPECT_EQ(erase_session_batch(*c, s, 20, 5000), ErasureStep::held);
    EXPECT_EQ(content_rows(s), left);
    EXPECT_EQ(sessions_due_for_erasure(*c, 1'000'000'000, 10), std::vector<std::int64_t>{});
    set_legal_hold(*c, s, false, "Bevel ingetrokken");
    erase_all(s, 20, 6000);
    EXPECT_EQ(content_rows(s), 0);
}

// A large session goes in many batches of at most 500 rows (how long each takes is
// measured by ./bench.sh --scenarios erase, not here).
TEST_F(Retention, ALargeThreadGoesInBatches) {
    auto s = session(1000, 0);
    in_transaction(*c, [&] { fill(s, "zwaluwstaart", 1, 20000); });
    int batches = 0;
    for (;;) {
        auto step = in_transaction(*c, [&] { return erase_session_batch(*c, s, 500, 5000); });
        ++batches;
        if (step != ErasureStep::more) break;
    }
    EXPECT_EQ(content_rows(s), 0);
    EXPECT_GE(batches, 40);
}

// A batch whose time is spent stops early but always makes progress: with no time at
// all, each batch deletes one statement's worth of rows (50) or merges one step of
// the search index, and the erasure still finishes.
TEST_F(Retention, ABatchWithoutTimeStillMakesProgressAndTheErasureFinishes) {
    auto s = session(1000, 0);
    in_transaction(*c, [&] { fill(s, "kwikstaart", 1, 2000); });
    int batches = 0;
    auto step = ErasureStep::more;
    while (step == ErasureStep::more && batches < 100000) {
        step = in_transaction(*c, [&] { return erase_session_batch(*c, s, 500, 5000, std::chrono::milliseconds(0)); });
        ++batches;
    }
    EXPECT_EQ(step, ErasureStep::finished);
    EXPECT_EQ(content_rows(s), 0);
    EXPECT_GE(batches, 2000 / 50);
    EXPECT_TRUE(find_session(*c, s)->erased_at);
}

}  // namespace
