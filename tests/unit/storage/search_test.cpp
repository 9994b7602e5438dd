// Full-text search restricted to one session inside the index: the MATCH expression
// alone yields only that session's rows, the statement lets FTS5 rank them and reads
// the content by rowid only, at most candidates_per_hit × limit rows are looked at,
// the session key itself is never a hit, and migration 9 rebuilds the indexes of a
// database an older program left, without leaving a copy of erased text behind.
#include "storage/board.hpp"
#include "storage/connection.hpp"
#include "storage/fulltext_merge.hpp"
#include "storage/migrations.hpp"
#include "storage/notes.hpp"
#include "storage/posts.hpp"
#include "storage/search.hpp"
#include "storage/sessions.hpp"
#include "storage/threads.hpp"
#include "storage/users.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

using namespace kl::storage;

namespace {

constexpr SearchKind all_kinds[] = {SearchKind::thread, SearchKind::post, SearchKind::card, SearchKind::note};

const char* fts_of(SearchKind kind) {
    switch (kind) {
        case SearchKind::thread: return "threads_fts";
        case SearchKind::post: return "posts_fts";
        case SearchKind::card: return "cards_fts";
        case SearchKind::note: return "notes_fts";
    }
    return "";
}

// Fills sessions with threads, posts, cards and notes through the storage functions.
class Content {
public:
    explicit Content(Connection& c) : c_(c) {
        // Plain SQL, as in session(): create_user reads the row back with the columns
        // of the newest schema (migration 16 added users.erased_at).
        c_.exec(
            "INSERT INTO users (email, display_name, organisation_type, organisation_name, global_role, created_at) "
            "VALUES ('moderator@ess.example', 'Moderator', 'ess', '', 'staff', 0)");
        user_id_ = c_.last_insert_id();
    }

    std::int64_t session() {
        // Plain SQL: the migration test fills a database of an older schema than
        // create_session writes (migration 15 added the retention columns).
        c_.prepare("INSERT INTO sessions (title, created_at, created_by) VALUES ('Kennislab', 0, ?)").bind(1, user_id_).run();
        auto id = c_.last_insert_id();
        column_[id] = add_column(c_, id, "Signalen").id;
        Thread thread;
        thread.session_id = id;
        thread.title = "Algemeen";
        thread.kind = "algemeen";
        thread.created_by = user_id_;
        thread_[id] = create_thread(c_, thread).id;
        return id;
    }

    // One object of kind in session with text; returns its id.
    std::int64_t add(SearchKind kind, std::int64_t session, const std::string& text) {
        switch (kind) {
            case SearchKind::thread: {
                Thread thread;
                thread.session_id = session;
                thread.title = text;
                thread.kind = "vraag";
                thread.created_by = user_id_;
                return create_thread(c_, thread).id;
            }
            case SearchKind::post: {
                Post post;
                post.thread_id = thread_[session];
                post.session_id = session;
                post.author_id = user_id_;
                post.body = text;
                return create_post(c_, post).id;
            }
            case SearchKind::card: {
                Card card;
                card.session_id = session;
                card.column_id = column_[session];
                card.title = "Kaart";
                card.body = text;
                card.created_by = card.updated_by = user_id_;
                return add_card(c_, card, std::nullopt).id;
            }
            case SearchKind::note: {
                NoteBlock block;
                block.session_id = session;
                block.kind = "insight";
                block.text = text;
                block.created_by = block.updated_by = user_id_;
                return add_block(c_, block, std::nullopt).id;
            }
        }
        return 0;
    }

    Connection& connection() { return c_; }

private:
    Connection& c_;
    std::int64_t user_id_ = 0;
    std::map<std::int64_t, std::int64_t> column_, thread_;
};

class SearchStorage : public ::testing::Test {
protected:
    kl::test::TempDatabase temp;
    Connection c = open_database(temp.path(), OpenMode::read_write);
    Content content{c};
    std::int64_t searched = 0, other = 0;
    std::map<SearchKind, std::set<std::int64_t>> mine;  // the searched session's matching rows

    // 3 matching rows of each kind in the searched session, 120 in the other one (with
    // lower ids too: the other session's rows come first and last in every doclist).
    void SetUp() override {
        other = content.session();
        searched = content.session();
        in_transaction(c, [&] {
            for (auto kind : all_kinds) {
                for (int i = 0; i < 60; ++i) content.add(kind, other, "Radicalisering elders, nummer " + std::to_string(i));
                for (int i = 0; i < 3; ++i)
                    mine[kind].insert(content.add(kind, searched, "Radicalisering hier, nummer " + std::to_string(i)));
                for (int i = 60; i < 120; ++i) content.add(kind, other, "Radicalisering elders, nummer " + std::to_string(i));
            }
        });
    }

    // The rowids the index alone yields for session_match: no join, no filter after it.
    std::set<std::int64_t> index_rows(SearchKind kind, std::int64_t session, const std::string& words) {
        auto statement = c.prepare(std::string("SELECT rowid FROM ") + fts_of(kind) + " WHERE " + fts_of(kind) + " MATCH ?");
        statement.bind(1, session_match(kind, session, *fts_query(words)));
        std::set<std::int64_t> rows;
        while (statement.step()) rows.insert(statement.int64(0));
        return rows;
    }
};

TEST_F(SearchStorage, TheIndexItselfYieldsOnlyTheSearchedSessionsRows) {
    for (auto kind : all_kinds) {
        SCOPED_TRACE(fts_of(kind));
        for (const char* words : {"radicalisering", "ra", "rad", "radi", "nummer radic", "r nummer"})
            EXPECT_EQ(index_rows(kind, searched, words), mine[kind]) << words;
        EXPECT_EQ(index_rows(kind, other, "radicalisering").size(), 120u);
        EXPECT_TRUE(index_rows(kind, searched, "elders").empty());
    }
}

TEST_F(SearchStorage, ASearchNeverReturnsNorAsksAboutRowsOfAnotherSession) {
    for (auto kind : all_kinds) {
        SCOPED_TRACE(fts_of(kind));
        std::set<std::int64_t> asked;
        auto rows = search_session(c, kind, searched, *fts_query("radi"), 50, [&](std::int64_t id) {
            asked.insert(id);
            return true;
        });
        EXPECT_EQ(asked, mine[kind]);
        std::set<std::int64_t> found;
        for (const auto& row : rows) {
            found.insert(row.id);
            EXPECT_EQ(row.kind, kind);
            EXPECT_NE(row.snippet.find("\x01Radicalisering\x02 hier"), std::string::npos) << row.snippet;
        }
        EXPECT_EQ(found, mine[kind]);
    }
}

TEST_F(SearchStorage, FtsRanksAndTheContentIsReadByRowidOnly) {
    for (auto kind : all_kinds) {
        SCOPED_TRACE(fts_of(kind));
        auto statement = c.prepare("EXPLAIN QUERY PLAN " + search_sql(kind));
        statement.bind(1, session_match(kind, searched, "\"radi\"*")).bind(2, searched).bind(3, 80);
        std::vector<std::string> plan;
        while (statement.step()) plan.push_back(statement.text(3));
        ASSERT_EQ(plan.size(), 2u);
        // The FTS table is the outer loop, driven by its MATCH (M) with the rank function
        // given (r); ORDER BY rank is consumed by FTS5: no sorter, so snippet() runs only
        // for the rows stepped to.
        ASSERT_EQ(plan[0].rfind("SCAN f VIRTUAL TABLE INDEX ", 0), 0u) << plan[0];
        auto index_plan = plan[0].substr(plan[0].find(':') + 1);  // FTS5's idxStr, e.g. "rM2"
        EXPECT_NE(index_plan.find('M'), std::string::npos) << plan[0];
        EXPECT_NE(index_plan.find('r'), std::string::npos) << plan[0];
        EXPECT_EQ(plan[1], "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)");
    }
}

TEST_F(SearchStorage, AtMostCandidatesPerHitTimesLimitRowsAreLookedAt) {
    in_transaction(c, [&] {
        for (auto kind : all_kinds)
            for (int i = 0; i < 100; ++i) content.add(kind, searched, "Polarisatie in de wijk " + std::to_string(i));
    });
    for (auto kind : all_kinds) {
        SCOPED_TRACE(fts_of(kind));
        int asked = 0;
        auto none = search_session(c, kind, searched, *fts_query("polari"), 5, [&](std::int64_t) {
            ++asked;
            return false;
        });
        EXPECT_TRUE(none.empty());
        EXPECT_EQ(asked, static_cast<int>(5 * candidates_per_hit));
        // Accepting one in three: five are found within the window and the search stops.
        asked = 0;
        auto some = search_session(c, kind, searched, *fts_query("polari"), 5, [&](std::int64_t) { return ++asked % 3 == 0; });
        EXPECT_EQ(some.size(), 5u);
        EXPECT_EQ(asked, 15);
        // Accepting one in five: the window (20) ends after four.
        asked = 0;
        auto fewer = search_session(c, kind, searched, *fts_query("polari"), 5, [&](std::int64_t) { return ++asked % 5 == 0; });
        EXPECT_EQ(fewer.size(), 4u);
        EXPECT_EQ(asked, 20);
    }
}

TEST_F(SearchStorage, TheSessionKeyIsNeverAHitNorTheSnippet) {
    for (auto kind : all_kinds) {
        SCOPED_TRACE(fts_of(kind));
        auto key = "s" + std::to_string(searched);
        auto all = [](std::int64_t) { return true; };
        EXPECT_TRUE(search_session(c, kind, searched, *fts_query(key), 10, all).empty());
        EXPECT_TRUE(search_session(c, kind, searched, *fts_query(key.substr(0, 2)), 10, all).empty()) << "a prefix of the key";
        // A long text with its one hit far from the start: snippet(-1) (cards, notes)
        // still shows the text, not the key.
        std::string text;
        for (int i = 0; i < 40; ++i) text += "woord" + std::to_string(i) + " ";
        auto id = in_transaction(c, [&] { return content.add(kind, searched, text + "kievitsbloem " + text); });
        auto rows = search_session(c, kind, searched, *fts_query("kievit"), 10, all);
        ASSERT_EQ(rows.size(), 1u);
        EXPECT_EQ(rows[0].id, id);
        EXPECT_NE(rows[0].snippet.find("\x01kievitsbloem\x02"), std::string::npos) << rows[0].snippet;
        EXPECT_EQ(rows[0].snippet.find(key), std::string::npos) << rows[0].snippet;
    }
}

TEST_F(SearchStorage, TheRankIgnoresTheSessionKey) {
    // The same texts rank the same in a session of 3 rows as in one of 120: the key's
    // weight is 0, so how many rows share it (its idf) changes nothing.
    auto rank_of = [&](SearchKind kind, std::int64_t session) {
        return search_session(c, kind, session, *fts_query("radicalisering"), 1, [](std::int64_t) { return true; })
            .at(0)
            .rank;
    };
    for (auto kind : all_kinds) {
        SCOPED_TRACE(fts_of(kind));
        auto small = content.session();
        auto large = content.session();
        in_transaction(c, [&] {
            content.add(kind, small, "Radicalisering alleen");
            for (int i = 0; i < 50; ++i) content.add(kind, large, "Radicalisering alleen");
        });
        EXPECT_DOUBLE_EQ(rank_of(kind, small), rank_of(kind, large));
    }
}

// The bytes of every file in dir, lower-cased (the index keeps words in lower case).
std::string folder_bytes(const std::filesystem::path& dir) {
    std::string all;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::ifstream in(entry.path(), std::ios::binary);
        all.append(std::istreambuf_iterator<char>(in), {});
    }
    std::transform(all.begin(), all.end(), all.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return all;
}

TEST(SearchMigration, RebuildsTheIndexesOfAnOlderDatabaseAndErasureStillLeavesNoCopy) {
    kl::test::TempDatabase temp;
    std::int64_t searched = 0, other = 0, erased = 0;
    {
        // A database as the program before migration 9 left it.
        Connection old(temp.path(), OpenMode::read_write);
        old.exec("PRAGMA journal_mode = WAL");
        migrate_to(old, 8);
        Content content(old);
        other = content.session();
        searched = content.session();
        in_transaction(old, [&] {
            for (auto kind : all_kinds) {
                content.add(kind, other, "Zilverreiger elders");
                content.add(kind, searched, "Zilverreiger hier");
            }
            erased = content.add(SearchKind::post, searched, "Zilverreiger met Roerdomp4711");
        });
        auto version = old.prepare("PRAGMA user_version");
        version.step();
        ASSERT_EQ(version.int64(0), 8);
    }
    auto c = open_database(temp.path(), OpenMode::read_write);
    auto all = [](std::int64_t) { return true; };
    for (auto kind : all_kinds) {
        SCOPED_TRACE(fts_of(kind));
        auto rows = search_session(c, kind, searched, *fts_query("zilver"), 10, all);
        EXPECT_EQ(rows.size(), kind == SearchKind::post ? 2u : 1u);
        for (const auto& row : rows) EXPECT_EQ(row.snippet.find("elders"), std::string::npos);
    }
    ASSERT_EQ(search_session(c, SearchKind::post, searched, *fts_query("roerdomp"), 10, all).size(), 1u);
    // Redaction, as the server does it: the text goes from the post and the index, and
    // then from every file once the WAL is checkpointed (the old index's pages too).
    auto post = *find_post(c, erased);
    in_transaction(c, [&] { erase_post_text(c, post); });
    for (bool clean = false; !clean;) in_transaction(c, [&] { clean = merge_fulltext(c, {posts_index}); });
    ASSERT_TRUE(c.checkpoint_truncate(1000));
    EXPECT_TRUE(search_session(c, SearchKind::post, searched, *fts_query("roerdomp"), 10, all).empty());
    EXPECT_EQ(folder_bytes(temp.dir()).find("roerdomp4711"), std::string::npos);
    EXPECT_NE(folder_bytes(temp.dir()).find("zilverreiger"), std::string::npos);
}

}  // namespace
