// The connection's statement cache: each SQL text is prepared once per connection and
// handed out again, reset and unbound, to every later caller (the writer runs some 25
// statements per post, so preparing or allocating per call shows in its profile).
#include "storage/connection.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <string_view>

using namespace kl::storage;

namespace {

// How many statements the connection holds prepared.
int prepared_count(Connection& c) {
    int count = 0;
    for (sqlite3_stmt* s = sqlite3_next_stmt(c.handle(), nullptr); s; s = sqlite3_next_stmt(c.handle(), s)) ++count;
    return count;
}

class StatementCache : public ::testing::Test {
protected:
    kl::test::TempDatabase temp;
    Connection c = open_database(temp.path(), OpenMode::read_write);
};

TEST_F(StatementCache, TheSameTextIsPreparedOnce) {
    int before = prepared_count(c);
    for (int i = 0; i < 3; ++i) {
        auto statement = c.prepare("SELECT ? + 1");
        statement.bind(1, i);
        ASSERT_TRUE(statement.step());
        EXPECT_EQ(statement.int64(0), i + 1);
    }
    EXPECT_EQ(prepared_count(c), before + 1);
    c.prepare("SELECT ? + 2").bind(1, 1).run();
    EXPECT_EQ(prepared_count(c), before + 2);
}

TEST_F(StatementCache, AReusedStatementStartsOverUnbound) {
    {
        auto statement = c.prepare("SELECT value FROM (SELECT 1 AS value UNION ALL SELECT 2) WHERE ?1 IS NULL OR value = ?1");
        statement.bind(1, 2);
        ASSERT_TRUE(statement.step());
        EXPECT_EQ(statement.int64(0), 2);
        // Left in the middle of its rows, with a binding.
    }
    auto statement = c.prepare("SELECT value FROM (SELECT 1 AS value UNION ALL SELECT 2) WHERE ?1 IS NULL OR value = ?1");
    ASSERT_TRUE(statement.step());
    EXPECT_EQ(statement.int64(0), 1);  // from the first row, and ?1 is NULL again
    ASSERT_TRUE(statement.step());
    EXPECT_EQ(statement.int64(0), 2);
    EXPECT_FALSE(statement.step());
}

TEST_F(StatementCache, TheKeyIsExactlyTheViewGiven) {
    // A view into a longer text (not NUL-terminated there) prepares only what it shows,
    // and a later, longer text is a statement of its own.
    std::string text = "SELECT 7; SELECT 8";
    std::string_view first(text.data(), 8);
    auto a = c.prepare(first);
    ASSERT_TRUE(a.step());
    EXPECT_EQ(a.int64(0), 7);
    int count = prepared_count(c);
    auto b = c.prepare("SELECT 70");
    ASSERT_TRUE(b.step());
    EXPECT_EQ(b.int64(0), 70);
    EXPECT_EQ(prepared_count(c), count + 1);
}

TEST_F(StatementCache, AFailedPrepareIsNotCached) {
    int before = prepared_count(c);
    EXPECT_THROW(c.prepare("SELECT FROM nowhere"), StorageError);
    EXPECT_THROW(c.prepare("SELECT FROM nowhere"), StorageError);
    EXPECT_EQ(prepared_count(c), before);
    auto statement = c.prepare("SELECT 5");
    ASSERT_TRUE(statement.step());
    EXPECT_EQ(statement.int64(0), 5);
}

TEST_F(StatementCache, EachConnectionOnAThreadHasItsOwn) {
    Connection other = open_database(temp.path(), OpenMode::read_only);
    int mine = prepared_count(c), theirs = prepared_count(other);
    c.prepare("SELECT 11").run();
    other.prepare("SELECT 11").run();
    other.prepare("SELECT 12").run();
    c.prepare("SELECT 11").run();
    EXPECT_EQ(prepared_count(c), mine + 1);
    EXPECT_EQ(prepared_count(other), theirs + 2);
}

}  // namespace
