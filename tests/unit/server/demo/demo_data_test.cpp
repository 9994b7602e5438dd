// The demo kennislab loads once, with everything a visitor should find in it: threads,
// a pending expert post, cards, and notes (published and one draft).
#include "server/app/demo/demo_data.hpp"
#include "storage/board.hpp"
#include "storage/connection.hpp"
#include "storage/migrations.hpp"
#include "storage/notes.hpp"
#include "storage/posts.hpp"
#include "storage/sessions.hpp"
#include "storage/threads.hpp"
#include "tests/unit/storage/temp_database.hpp"

#include <gtest/gtest.h>

namespace {

using namespace kl;

TEST(DemoData, LoadsOneFictionalSessionOnce) {
    test::TempDatabase temp;
    auto c = storage::open_database(temp.path(), storage::OpenMode::read_write);
    storage::migrate(c);
    const std::int64_t now = 1'795'000'000;
    ASSERT_TRUE(app::load_demo(c, now));
    EXPECT_FALSE(app::load_demo(c, now));  // a database with sessions is left alone

    auto sessions = storage::list_sessions(c, 0, true, now);
    ASSERT_EQ(sessions.size(), 1u);
    auto id = sessions[0].id;
    EXPECT_TRUE(sessions[0].premoderation);
    EXPECT_EQ(storage::list_threads(c, id).size(), 2u);
    EXPECT_EQ(storage::pending_posts(c, id).size(), 1u);
    EXPECT_EQ(storage::count_cards(c, id), 3);
    auto all = storage::list_blocks(c, id, false);
    auto published = storage::list_blocks(c, id, true);
    EXPECT_EQ(all.size(), 4u);
    EXPECT_EQ(published.size(), 3u);
    for (const auto& block : all)
        if (block.kind == "action") {
            EXPECT_TRUE(block.owner && block.due);
        }
}

}  // namespace
