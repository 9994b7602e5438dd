// Merging the full-text indexes after an erasure: FTS5 keeps a deleted row's tokens in
// older segments, so without the merge the erased word stays in the database file even
// after the WAL is truncated; merge_fulltext removes it in bounded steps.
#include "storage/connection.hpp"
#include "storage/fulltext_merge.hpp"
#include "storage/posts.hpp"
#include "integration/support/data_files.hpp"
#include "one_thread.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>

using namespace kl::storage;

namespace {

class FulltextMerge : public ::testing::Test {
protected:
    kl::test::TempDatabase temp;
    Connection c = open_database(temp.path(), OpenMode::read_write);
    Post first;
    const std::string erased_word = "qzxgeheimwoord";

    // Posts in many transactions, as a live server writes them: each commit adds an
    // index segment. The word to erase is in one of the first posts.
    void SetUp() override {
        auto made = kl::test::create_one_thread(c);
        std::mt19937 random(7);
        std::uniform_int_distribution<int> word(0, 3999);
        for (int batch = 0; batch < 40; ++batch)
            in_transaction(c, [&] {
                for (int i = 0; i < 50; ++i) {
                    Post post;
                    post.thread_id = made.thread_id;
                    post.session_id = made.session_id;
                    post.author_id = made.user_id;
                    for (int w = 0; w < 40; ++w) post.body += "woord" + std::to_string(word(random)) + " ";
                    if (batch == 0 && i == 0) post.body += erased_word;
                    auto stored = create_post(c, post);
                    if (batch == 0 && i == 0) first = stored;
                }
            });
    }

    bool in_any_file(const std::string& word) {
        EXPECT_TRUE(c.checkpoint_truncate(1000));
        return kl::test::any_file_contains(temp.dir(), word);
    }

    std::int64_t matches(const std::string& word) {
        auto statement = c.prepare("SELECT count(*) FROM posts_fts WHERE posts_fts MATCH ?");
        statement.bind(1, word);
        statement.step();
        return statement.int64(0);
    }
};

TEST_F(FulltextMerge, TheErasedWordLeavesTheFileOnlyWhenTheIndexIsMergedInSteps) {
    ASSERT_TRUE(in_any_file(erased_word)) << "the check itself finds the word";
    in_transaction(c, [&] { erase_post_text(c, first); });
    EXPECT_EQ(matches(erased_word), 0);
    EXPECT_TRUE(in_any_file(erased_word)) << "FTS5 keeps the deleted tokens in an older segment";

    // A zero budget runs one step per call: the merge takes several calls, each its
    // own transaction, as the server runs it in short writer jobs.
    int calls = 0;
    for (bool clean = false; !clean && calls < 10000; ++calls)
        in_transaction(c, [&] { clean = merge_fulltext(c, {posts_index}, std::chrono::milliseconds(0)); });
    EXPECT_GT(calls, 1);
    EXPECT_LT(calls, 10000) << "the merge ends";
    EXPECT_FALSE(in_any_file(erased_word));

    // The index still finds everything else, and a clean index is done at once.
    EXPECT_GT(matches("woord17"), 0);
    bool clean = false;
    in_transaction(c, [&] { clean = merge_fulltext(c, {posts_index}, std::chrono::milliseconds(0)); });
    EXPECT_TRUE(clean);
}

TEST_F(FulltextMerge, OnlyTheSchemasIndexesAreNamed) {
    EXPECT_THROW(merge_fulltext(c, {"posts; DROP TABLE posts"}), std::invalid_argument);
    EXPECT_THROW(merge_fulltext(c, {"posts"}), std::invalid_argument);
    EXPECT_NO_THROW(merge_fulltext(c, {threads_index, cards_index, notes_index, documents_index}));
}

}  // namespace
