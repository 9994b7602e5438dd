// The pool's queue cap: try_post refuses once max_queued tasks wait, and takes tasks
// again as soon as a worker takes one; post ignores the cap.
#include "server/app/core/blocking_pool.hpp"

#include "storage/writer.hpp"
#include "../../storage/temp_database.hpp"

#include <gtest/gtest.h>

#include <future>

namespace {

TEST(BlockingPool, TryPostRefusesWhenTheQueueIsFullAndAcceptsAgainWhenItDrains) {
    kl::test::TempDatabase database;
    kl::storage::Writer writer(database.path());  // makes the database the workers open
    kl::app::BlockingPool pool(database.path(), 1, 2);

    std::promise<void> started, release;
    auto released = release.get_future().share();
    ASSERT_TRUE(pool.try_post([&, released](kl::storage::Connection&) {
        started.set_value();
        released.wait();
    }));
    started.get_future().wait();  // the one worker is busy; the queue is empty
    std::atomic<int> ran{0};
    EXPECT_TRUE(pool.try_post([&](kl::storage::Connection&) { ++ran; }));
    EXPECT_TRUE(pool.try_post([&](kl::storage::Connection&) { ++ran; }));
    EXPECT_FALSE(pool.try_post([&](kl::storage::Connection&) { ++ran; }));  // two wait: full
    pool.post([&](kl::storage::Connection&) { ++ran; });                   // post has no cap
    release.set_value();
    pool.stop();  // drains what is queued
    EXPECT_EQ(ran, 3);
    EXPECT_FALSE(pool.try_post([&](kl::storage::Connection&) { ++ran; }));  // stopped
    writer.stop();
}

}  // namespace
