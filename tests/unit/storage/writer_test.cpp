#include "storage/audit.hpp"
#include "storage/backup.hpp"
#include "storage/connection.hpp"
#include "storage/users.hpp"
#include "storage/writer.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

using namespace kl::storage;

namespace {

// Occupies the writer with a job until the returned promise is set, so that the jobs
// queued meanwhile wait together.
std::promise<void> hold(Writer& writer) {
    auto started = std::make_shared<std::promise<void>>();
    std::promise<void> release;
    auto released = release.get_future().share();
    writer.post(
        [started, released](Connection&) {
            started->set_value();
            released.wait();
        },
        [](std::exception_ptr) {});
    started->get_future().wait();
    return release;
}

AuditEntry entry(std::string action) {
    AuditEntry e;
    e.at = 1;
    e.action = std::move(action);
    return e;
}

TEST(Writer, CommitsBeforeCallingDoneAndKeepsOrder) {
    kl::test::TempDatabase db;
    Writer writer(db.path());
    auto reader = open_database(db.path(), OpenMode::read_only);
    std::mutex mutex;
    std::vector<int> order;
    std::vector<bool> visible_at_done;
    std::promise<void> all_done;
    constexpr int jobs = 200;
    for (int i = 0; i < jobs; ++i) {
        writer.post([i](Connection& c) { append_audit(c, entry("job" + std::to_string(i))); },
                    [&, i](std::exception_ptr error) {
                        EXPECT_FALSE(error);
                        // The done callback runs after COMMIT: another connection sees the row.
                        auto count = reader.prepare("SELECT count(*) FROM audit_log WHERE action = ?");
                        count.bind(1, "job" + std::to_string(i));
                        count.step();
                        std::lock_guard lock(mutex);
                        order.push_back(i);
                        visible_at_done.push_back(count.int64(0) == 1);
                        if (order.size() == jobs) all_done.set_value();
                    });
    }
    all_done.get_future().wait();
    for (int i = 0; i < jobs; ++i) {
        EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
        EXPECT_TRUE(visible_at_done[static_cast<std::size_t>(i)]);
    }
    writer.stop();
    EXPECT_EQ(writer.jobs_done(), static_cast<std::uint64_t>(jobs));
    EXPECT_LE(writer.commits(), writer.jobs_done());
}

// A full disk, as SQLite sees it: the database at its largest size. SQLite then rolls
// the whole transaction back itself; every job of the batch hears the storage error
// (no "no such savepoint"), nothing of it is stored, and the writer goes on.
TEST(Writer, AFullDatabaseFailsTheBatchWithTheStorageErrorAndTheWriterGoesOn) {
    kl::test::TempDatabase db;
    Writer writer(db.path());
    std::promise<void> limited;
    writer.post([](Connection& c) { limit_database_size(c, 1); },  // never below its current size
                [&](std::exception_ptr) { limited.set_value(); });
    limited.get_future().wait();
    std::promise<std::exception_ptr> small_job, big_job;
    std::string big(512 * 1024, 'x');
    writer.post([](Connection& c) { append_audit(c, entry("klein")); },
                [&](std::exception_ptr e) { small_job.set_value(e); });
    writer.post([&](Connection& c) { append_audit(c, entry(big)); }, [&](std::exception_ptr e) { big_job.set_value(e); });
    auto big_error = big_job.get_future().get();
    auto small_error = small_job.get_future().get();
    ASSERT_TRUE(big_error);
    auto code_of = [](std::exception_ptr e) {
        try {
            std::rethrow_exception(e);
        } catch (const StorageError& error) {
            return error.code() & 0xff;
        } catch (...) {
            return -1;
        }
    };
    EXPECT_EQ(code_of(big_error), 13) << "SQLITE_FULL";
    // The small job either shared the batch (and failed with it) or committed before.
    if (small_error) {
        EXPECT_EQ(code_of(small_error), 13);
    }
    std::promise<std::exception_ptr> after;
    writer.post([](Connection& c) { c.exec("SELECT 1"); }, [&](std::exception_ptr e) { after.set_value(e); });
    EXPECT_FALSE(after.get_future().get()) << "the writer goes on";
    auto reader = open_database(db.path(), OpenMode::read_only);
    auto count = reader.prepare("SELECT count(*) FROM audit_log WHERE length(action) > 1000");
    count.step();
    EXPECT_EQ(count.int64(0), 0);
}

TEST(Writer, AFailingJobIsRolledBackAloneAndReportsItsError) {
    kl::test::TempDatabase db;
    std::promise<std::exception_ptr> first, second, third;
    {
        Writer writer(db.path());
        writer.post([](Connection& c) { append_audit(c, entry("kept-1")); },
                    [&](std::exception_ptr e) { first.set_value(e); });
        writer.post(
            [](Connection& c) {
                append_audit(c, entry("lost"));
                create_user(c, {"a@b.nl", "A", "nonsense", "X", "member", std::nullopt, 0, std::nullopt});
            },
            [&](std::exception_ptr e) { second.set_value(e); });
        writer.post([](Connection& c) { append_audit(c, entry("kept-2")); },
                    [&](std::exception_ptr e) { third.set_value(e); });
    }  // destructor drains the queue
    EXPECT_FALSE(first.get_future().get());
    auto error = second.get_future().get();
    ASSERT_TRUE(error);
    EXPECT_THROW(std::rethrow_exception(error), ConstraintError);
    EXPECT_FALSE(third.get_future().get());
    auto c = open_database(db.path(), OpenMode::read_only);
    auto actions = list_audit(c, std::nullopt, std::nullopt, 10);
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_EQ(actions[0].action, "kept-2");
    EXPECT_EQ(actions[1].action, "kept-1");
}

TEST(Writer, RefusesJobsAfterStop) {
    kl::test::TempDatabase db;
    Writer writer(db.path());
    writer.stop();
    bool refused = false;
    writer.post([](Connection&) {}, [&](std::exception_ptr e) { refused = static_cast<bool>(e); });
    EXPECT_TRUE(refused);
}

TEST(Backup, CopiesAConsistentDatabaseWhileWritesContinue) {
    kl::test::TempDatabase db;
    Writer writer(db.path());
    std::atomic<int> done{0};
    for (int i = 0; i < 500; ++i)
        writer.post([](Connection& c) { append_audit(c, entry("before")); }, [&](std::exception_ptr) { ++done; });
    auto target = (db.dir() / "copy.db").string();
    backup_database(db.path(), target);
    writer.stop();
    auto copy = open_database(target, OpenMode::read_only);
    auto integrity = copy.prepare("PRAGMA integrity_check");
    ASSERT_TRUE(integrity.step());
    EXPECT_EQ(integrity.text(0), "ok");
    auto count = copy.prepare("SELECT count(*) FROM audit_log");
    count.step();
    EXPECT_LE(count.int64(0), 500);
    EXPECT_EQ(done.load(), 500);
}

TEST(Audit, ListsNewestFirstWithPagingAndSessionFilter) {
    kl::test::TempDatabase db;
    auto c = open_database(db.path(), OpenMode::read_write);
    for (int i = 0; i < 5; ++i) {
        auto e = entry("a" + std::to_string(i));
        if (i % 2 == 0) e.session_id = 7;
        append_audit(c, e);
    }
    auto page = list_audit(c, std::nullopt, std::nullopt, 2);
    ASSERT_EQ(page.size(), 2u);
    EXPECT_EQ(page[0].action, "a4");
    auto older = list_audit(c, std::nullopt, page[1].id, 10);
    ASSERT_EQ(older.size(), 3u);
    EXPECT_EQ(older[0].action, "a2");
    EXPECT_EQ(list_audit(c, 7, std::nullopt, 10).size(), 3u);
}

// Background work never makes a waiting request wait for more than itself: it runs
// alone in a batch, after the foreground jobs that were waiting.
TEST(Writer, BackgroundJobsRunAloneAndAfterWaitingForegroundJobs) {
    kl::test::TempDatabase db;
    Writer writer(db.path());
    std::mutex mutex;
    std::vector<std::pair<std::string, std::uint64_t>> ran;  // job, commits before it
    auto job = [&](std::string name) {
        return [&, name](Connection&) {
            std::lock_guard lock(mutex);
            ran.emplace_back(name, writer.commits());
        };
    };
    // A job holds the writer until everything else is queued.
    auto release = hold(writer);
    std::promise<void> last;
    for (const char* name : {"b1", "b2"}) writer.post(job(name), [](std::exception_ptr) {}, WriteLane::background);
    for (const char* name : {"f1", "f2", "f3"}) writer.post(job(name), [](std::exception_ptr) {});
    writer.post(job("b3"), [&](std::exception_ptr) { last.set_value(); }, WriteLane::background);
    release.set_value();
    last.get_future().wait();
    std::lock_guard lock(mutex);
    ASSERT_EQ(ran.size(), 6u);
    std::vector<std::string> order;
    for (const auto& [name, commits] : ran) order.push_back(name);
    EXPECT_EQ(order, (std::vector<std::string>{"f1", "f2", "f3", "b1", "b2", "b3"}));
    EXPECT_EQ(ran[0].second, ran[2].second) << "the waiting foreground jobs share one batch";
    EXPECT_LT(ran[2].second, ran[3].second);
    EXPECT_LT(ran[3].second, ran[4].second) << "each background job in a batch of its own";
    EXPECT_LT(ran[4].second, ran[5].second);
}

// Under a steady foreground load background work still gets its turn.
TEST(Writer, BackgroundWorkWaitsForAFewForegroundBatchesAtMost) {
    kl::test::TempDatabase db;
    Writer writer(db.path());
    std::mutex mutex;
    std::vector<std::string> order;
    std::promise<void> done;
    std::function<void(int)> chain = [&](int k) {
        writer.post(
            [&, k](Connection&) {
                {
                    std::lock_guard lock(mutex);
                    order.push_back("f" + std::to_string(k));
                }
                if (k < 8) chain(k + 1);  // the next foreground job waits while this batch runs
            },
            [&, k](std::exception_ptr) {
                if (k == 8) done.set_value();
            });
    };
    auto release = hold(writer);
    writer.post(
        [&](Connection&) {
            std::lock_guard lock(mutex);
            order.push_back("b");
        },
        [](std::exception_ptr) {}, WriteLane::background);
    chain(1);
    release.set_value();
    done.get_future().wait();
    std::lock_guard lock(mutex);
    EXPECT_EQ(order, (std::vector<std::string>{"f1", "f2", "f3", "f4", "b", "f5", "f6", "f7", "f8"}));
}

}  // namespace
