// New posts are indexed for search when their transaction commits (migration 17,
// storage/fulltext_pending.hpp): found after the commit, never half-indexed, and an
// edit or delete of a post that is only noted keeps the index consistent.
#include "storage/connection.hpp"
#include "storage/posts.hpp"
#include "storage/writer.hpp"
#include "one_thread.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

#include <future>
#include <stdexcept>
#include <string>

using namespace kl::storage;

namespace {

class FulltextPending : public ::testing::Test {
protected:
    kl::test::TempDatabase temp;
    Connection c = open_database(temp.path(), OpenMode::read_write);
    kl::test::OneThread made = kl::test::create_one_thread(c);

    Post post(Connection& on, const std::string& body) {
        Post p;
        p.thread_id = made.thread_id;
        p.session_id = made.session_id;
        p.author_id = made.user_id;
        p.body = body;
        return create_post(on, p);
    }

    std::int64_t count(Connection& on, const std::string& sql, const std::string& word = "") {
        auto statement = on.prepare(sql);
        if (!word.empty()) statement.bind(1, word);
        statement.step();
        return statement.int64(0);
    }
    std::int64_t matches(const std::string& word) {
        return count(c, "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH ?", word);
    }
    std::int64_t noted() { return count(c, "SELECT count(*) FROM fulltext_pending"); }
    // FTS5's own check that the index holds exactly what the content says.
    void expect_consistent_index() { EXPECT_NO_THROW(c.exec("INSERT INTO posts_fts(posts_fts) VALUES ('integrity-check')")); }
};

TEST_F(FulltextPending, APostIsFoundOnceItsTransactionCommits) {
    in_transaction(c, [&] {
        post(c, "Een melding over de roerdomp");
        EXPECT_EQ(noted(), 1);
        EXPECT_EQ(matches("roerdomp"), 0) << "noted, not indexed yet";
    });
    EXPECT_EQ(matches("roerdomp"), 1);
    EXPECT_EQ(noted(), 0);
    expect_consistent_index();
}

TEST_F(FulltextPending, EditingOrDeletingANotedPostKeepsTheIndexRight) {
    in_transaction(c, [&] {
        auto edited = post(c, "Eerst over de kievit");
        edited.body = "Nu over de grutto";
        update_post(c, edited);
        auto deleted = post(c, "Over de tureluur");
        c.prepare("DELETE FROM posts WHERE id = ?").bind(1, deleted.id).run();
    });
    EXPECT_EQ(matches("kievit"), 0);
    EXPECT_EQ(matches("grutto"), 1);
    EXPECT_EQ(matches("tureluur"), 0);
    expect_consistent_index();
    // A post indexed in an earlier commit: its edit replaces the words at once.
    std::int64_t earlier = 0;
    in_transaction(c, [&] { earlier = post(c, "Over de scholekster").id; });
    in_transaction(c, [&] {
        auto p = *find_post(c, earlier);
        p.body = "Over de wulp";
        update_post(c, p);
    });
    EXPECT_EQ(matches("scholekster"), 0);
    EXPECT_EQ(matches("wulp"), 1);
    expect_consistent_index();
}

// Through the writer: a job that fails is rolled back with its note; the others'
// posts are indexed in the batch's commit.
TEST(FulltextPendingWriter, AFailedJobLeavesNoNoteAndTheOthersAreIndexed) {
    kl::test::TempDatabase temp;
    kl::test::OneThread made;
    {
        auto c = open_database(temp.path(), OpenMode::read_write);
        made = kl::test::create_one_thread(c);
    }
    Writer writer(temp.path());
    auto add = [&](const std::string& body, bool fail) {
        return [=](Connection& c) {
            Post p;
            p.thread_id = made.thread_id;
            p.session_id = made.session_id;
            p.author_id = made.user_id;
            p.body = body;
            create_post(c, p);
            if (fail) throw std::runtime_error("the job fails after its post");
        };
    };
    std::promise<void> last;
    int failures = 0;
    writer.post(add("Over de lepelaar", false), [](std::exception_ptr e) { EXPECT_FALSE(e); });
    writer.post(add("Over de ooievaar", true), [&](std::exception_ptr e) { failures += e ? 1 : 0; });
    writer.post(add("Over de reiger", false), [&](std::exception_ptr e) {
        EXPECT_FALSE(e);
        last.set_value();
    });
    last.get_future().wait();
    writer.stop();
    EXPECT_EQ(failures, 1);
    auto reader = open_database(temp.path(), OpenMode::read_only);
    auto matches = [&](const char* word) {
        auto statement = reader.prepare("SELECT count(*) FROM posts_fts WHERE posts_fts MATCH ?");
        statement.bind(1, word);
        statement.step();
        return statement.int64(0);
    };
    EXPECT_EQ(matches("lepelaar"), 1);
    EXPECT_EQ(matches("ooievaar"), 0);
    EXPECT_EQ(matches("reiger"), 1);
    auto left = reader.prepare("SELECT count(*) FROM fulltext_pending");
    left.step();
    EXPECT_EQ(left.int64(0), 0);
}

}  // namespace
