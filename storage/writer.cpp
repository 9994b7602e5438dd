#include "storage/writer.hpp"

#include <sqlite3.h>
#include <spdlog/spdlog.h>

#include <stdexcept>
#include <vector>

namespace kl::storage {

namespace {

// After each commit of the writer's connection (sqlite3_wal_hook), on the writer
// thread: the WAL's length, instead of SQLite's checkpoint in the commit.
int on_wal_commit(void* wal_pages, sqlite3*, const char*, int pages) {
    *static_cast<int*>(wal_pages) = pages;
    return SQLITE_OK;
}

}  // namespace

Writer::Writer(const std::string& path, std::size_t max_batch)
    : connection_(open_database(path, OpenMode::read_write)), checkpointer_(path), max_batch_(max_batch) {
    // Replaces SQLite's automatic checkpoint in the commit (storage/checkpointer.hpp).
    sqlite3_wal_hook(connection_.handle(), on_wal_commit, &wal_pages_);
    thread_ = std::thread([this] { run(); });
}

Writer::~Writer() { stop(); }

void Writer::post(Job job, Done done, WriteLane lane) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            (lane == WriteLane::foreground ? queue_ : background_).push_back({std::move(job), std::move(done)});
            wake_.notify_one();
            return;
        }
    }
    done(std::make_exception_ptr(std::runtime_error("storage is shutting down")));
}

void Writer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Writer::run() {
    for (;;) {
        std::deque<Item> batch;
        {
            std::unique_lock lock(mutex_);
            auto ready = [this] { return stopping_ || !queue_.empty() || !background_.empty(); };
            if (!truncate_pending_) {
                wake_.wait(lock, ready);
            } else if (!wake_.wait_for(lock, std::chrono::seconds(1), ready)) {
                // Idle with an erasure still in the WAL: try again without waiting.
                lock.unlock();
                truncate_wal(std::chrono::milliseconds(0));
                continue;
            }
            if (queue_.empty() && background_.empty()) {  // stopping and drained
                if (truncate_pending_) {
                    lock.unlock();
                    truncate_wal(erasure_checkpoint_budget);
                }
                return;
            }
            bool background_turn = !background_.empty() &&
                                   (queue_.empty() || batches_since_background_ >= foreground_batches_per_background_job);
            if (background_turn) {
                batch.push_back(std::move(background_.front()));
                background_.pop_front();
                batches_since_background_ = 0;
            } else {
                while (!queue_.empty() && batch.size() < max_batch_) {
                    batch.push_back(std::move(queue_.front()));
                    queue_.pop_front();
                }
                if (!background_.empty()) ++batches_since_background_;
            }
        }
        commit_batch(batch);
    }
}

void Writer::commit_batch(std::deque<Item>& batch) {
    std::vector<std::exception_ptr> results(batch.size());
    try {
        connection_.exec("BEGIN IMMEDIATE");
        for (std::size_t i = 0; i < batch.size(); ++i) {
            // Prepared once (the connection caches them): parsing them per job cost
            // more than some jobs' own statements.
            connection_.prepare("SAVEPOINT job").run();
            try {
                batch[i].job(connection_);
                connection_.prepare("RELEASE job").run();
            } catch (...) {
                results[i] = std::current_exception();
                // On some errors (a full disk) SQLite rolls the whole transaction back
                // itself: nothing of the batch is stored, and every job hears this error.
                if (connection_.autocommit()) throw;
                connection_.prepare("ROLLBACK TO job").run();
                connection_.prepare("RELEASE job").run();
            }
        }
        connection_.commit();  // indexes the batch's new posts first (storage/fulltext_pending.hpp)
        ++commits_;
    } catch (...) {
        // BEGIN or COMMIT failed, or SQLite ended the transaction: nothing of this
        // batch is stored.
        auto failure = std::current_exception();
        try {
            connection_.exec("ROLLBACK");
        } catch (...) {
        }
        for (auto& result : results) result = failure;
    }
    // Outside the try above: whatever happens here, the batch is committed.
    keep_wal_short();
    // Before the answers: an acknowledged erasure is gone from every file.
    if (connection_.take_erasure_note()) {
        truncate_pending_ = true;
        truncate_wal(erasure_checkpoint_budget);
    } else if (truncate_pending_) {
        truncate_wal(std::chrono::milliseconds(0));
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        try {
            batch[i].done(results[i]);
        } catch (...) {
            // A callback that throws must not take the writer down.
        }
    }
    jobs_done_ += batch.size();
}

void Writer::keep_wal_short() {
    checkpointer_.wal_length(wal_pages_);
    // The checkpointer copies the WAL while this thread goes on appending to it, so it
    // never finds it complete, and SQLite starts the WAL over only after a complete
    // checkpoint. Past twice its threshold this thread copies the few frames that are
    // left itself (the checkpointer did the rest); the next commit then starts the WAL
    // from the beginning. If the checkpointer is busy right now, the next commit tries.
    if (wal_pages_ < 2 * Checkpointer::threshold_pages) return;
    int rc = sqlite3_wal_checkpoint_v2(connection_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
        spdlog::warn("WAL checkpoint failed: {}", sqlite3_errstr(rc));
}

void Writer::truncate_wal(std::chrono::milliseconds budget) {
    using clock = std::chrono::steady_clock;
    // Short busy waits per attempt, so that a reader that finishes lets the next attempt
    // through soon. The queue waits meanwhile: erasures are rare, and their answers
    // must not come before the text is gone.
    constexpr int attempt_busy_ms = 100;
    auto deadline = clock::now() + budget;
    try {
        do {
            if (connection_.checkpoint_truncate(budget.count() > 0 ? attempt_busy_ms : 0)) {
                ++erasure_checkpoints_;
                truncate_pending_ = false;
                return;
            }
        } while (clock::now() < deadline);
    } catch (const std::exception& e) {
        spdlog::warn("WAL checkpoint after an erasure failed: {}; retrying later", e.what());
        return;
    }
    if (budget.count() > 0)
        spdlog::warn("WAL checkpoint after an erasure still blocked by readers after {} ms; retrying after the next "
                     "commits and once a second",
                     budget.count());
}

}  // namespace kl::storage
