// The background checkpointer (storage/checkpointer.hpp) really copies the WAL into the
// database file: a fresh connection that has read nothing answers a checkpoint with
// SQLITE_OK while copying nothing, which an earlier version did for every checkpoint.
#include "storage/checkpointer.hpp"
#include "storage/connection.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

using namespace kl::storage;

namespace {

// Commits about pages pages of new rows into the WAL without SQLite's own checkpoint.
void fill_wal(Connection& connection, int pages) {
    connection.exec("PRAGMA wal_autocheckpoint = 0");
    connection.exec("CREATE TABLE filler(bytes BLOB)");
    connection.exec("BEGIN");
    for (int i = 0; i < pages; ++i) connection.exec("INSERT INTO filler VALUES (randomblob(3900))");
    connection.exec("COMMIT");
}

}  // namespace

TEST(Checkpointer, CopiesTheWalIntoTheDatabaseFileOnItsOwnThread) {
    kl::test::TempDatabase db;
    auto connection = open_database(db.path(), OpenMode::read_write);
    int pages = Checkpointer::threshold_pages + 200;
    fill_wal(connection, pages);
    auto before = std::filesystem::file_size(db.path());

    Checkpointer checkpointer(db.path());
    checkpointer.wal_length(pages);
    ASSERT_TRUE(checkpointer.wait_for_checkpoints(1, std::chrono::seconds(30)));

    // The rows' pages are in the database file now, not only in the WAL.
    auto statement = connection.prepare("PRAGMA page_size");
    ASSERT_TRUE(statement.step());
    auto page_size = static_cast<std::uintmax_t>(statement.int64(0));
    EXPECT_GE(std::filesystem::file_size(db.path()), before + static_cast<std::uintmax_t>(pages) * page_size * 9 / 10);
}

TEST(Checkpointer, LeavesAShortWalToTheNextCommits) {
    kl::test::TempDatabase db;
    auto connection = open_database(db.path(), OpenMode::read_write);
    fill_wal(connection, 300);
    auto before = std::filesystem::file_size(db.path());

    Checkpointer checkpointer(db.path());
    checkpointer.wal_length(300);  // below the threshold: nothing to do
    checkpointer.stop();           // joins the thread: anything it had started is done

    EXPECT_EQ(checkpointer.checkpoints(), 0u);
    EXPECT_EQ(std::filesystem::file_size(db.path()), before);
}
