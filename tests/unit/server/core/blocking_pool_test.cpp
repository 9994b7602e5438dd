// The pool's queue cap: try_post refuses once max_queued tasks wait, and takes tasks
// again as soon as a worker takes one; post ignores the cap. A background pool's
// workers run at a lower scheduling priority than the thread that made the pool.
#include "server/app/core/blocking_pool.hpp"

#include "storage/writer.hpp"
#include "../../storage/temp_database.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
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

int this_thread_niceness() {
    return ::getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)));
}

int niceness_of_a_worker(kl::app::BlockingPool::Priority priority) {
    kl::test::TempDatabase database;
    kl::storage::Writer writer(database.path());
    kl::app::BlockingPool pool(database.path(), 1, kl::app::BlockingPool::unbounded, priority);
    std::promise<int> seen;
    pool.post([&](kl::storage::Connection&) { seen.set_value(this_thread_niceness()); });
    auto niceness = seen.get_future().get();
    pool.stop();
    writer.stop();
    return niceness;
}

TEST(BlockingPool, ABackgroundPoolsWorkersYieldToTheRestAndANormalPoolsDoNot) {
    int mine = this_thread_niceness();
    EXPECT_EQ(niceness_of_a_worker(kl::app::BlockingPool::Priority::normal), mine);
    EXPECT_EQ(niceness_of_a_worker(kl::app::BlockingPool::Priority::background), std::min(mine + 10, 19));
    EXPECT_EQ(this_thread_niceness(), mine) << "the calling thread keeps its own";
}

}  // namespace
