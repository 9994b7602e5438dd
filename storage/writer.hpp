#pragma once
// The single writer: every change to the database goes through one thread that
// batches queued jobs into one transaction (group commit), so that many small
// changes share one fsync.
//
// Each job runs inside its own SAVEPOINT: a job that throws is rolled back alone and
// the rest of the batch still commits. `done` callbacks run on the writer thread after
// the batch's COMMIT returned, in queue order, so an acknowledgement is never sent
// before its change is durable. They must be quick (post work elsewhere).
//
// Invariants the rest of the server builds on:
// - One thread runs every job and every `done`: jobs never run concurrently, so a job
//   sees the database as the previous job left it (append_event's seq is the session's
//   highest plus one).
// - The `done` callbacks of a batch run in queue order after its COMMIT, on the writer
//   thread (on_writer_thread()): what they publish goes out in commit order, which for
//   the events of one session is seq order. The hub asserts it.
// - A job that threw is rolled back alone; its `done` hears of the exception, and what
//   it would have published was never committed.
//
// Erasures: when a job of the batch noted one (Connection::note_erasure), the writer
// checkpoints the WAL with TRUNCATE after COMMIT and before the done callbacks, so that
// when a redaction is acknowledged no file holds the erased text any more: the text's
// older page versions lived in WAL frames, and the checkpoint writes the new pages to
// the database file (secure_delete zeroed the freed bytes) and cuts the WAL to zero.
// Readers of the blocking pool may still use the WAL for a moment: the writer retries
// for up to erasure_checkpoint_budget; if readers outlast it (a long export), it logs a
// warning, answers, and keeps retrying after each later batch and once a second while
// idle until the checkpoint succeeds.
#include "storage/checkpointer.hpp"
#include "storage/connection.hpp"
#include "storage/write_lane.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace kl::storage {

class Writer {
public:
    using Job = std::function<void(Connection&)>;
    // Called with nullptr after commit, or with the exception the job (or COMMIT) threw.
    using Done = std::function<void(std::exception_ptr)>;

    // Opens the read-write connection (running migrations) on the calling thread, so
    // that a broken database fails at start, then starts the writer thread.
    explicit Writer(const std::string& path, std::size_t max_batch = 1024);
    ~Writer();  // stop()
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    // Queues a job in lane (storage/write_lane.hpp); thread-safe. After stop() jobs are
    // refused with an exception in done.
    void post(Job job, Done done, WriteLane lane = WriteLane::foreground);
    // Runs the queued jobs, commits them, and joins the thread.
    void stop();

    // True on the writer thread (in a job or a done callback).
    bool on_writer_thread() const { return std::this_thread::get_id() == thread_.get_id(); }

    std::uint64_t commits() const { return commits_; }
    std::uint64_t jobs_done() const { return jobs_done_; }
    // TRUNCATE checkpoints that completed after erasures.
    std::uint64_t erasure_checkpoints() const { return erasure_checkpoints_; }
    // Checkpoints the background checkpointer completed (storage/checkpointer.hpp).
    std::uint64_t background_checkpoints() const { return checkpointer_.checkpoints(); }

    // How long the writer keeps retrying the checkpoint right after an erasure.
    static constexpr std::chrono::milliseconds erasure_checkpoint_budget{2000};

private:
    struct Item {
        Job job;
        Done done;
    };
    void run();
    void commit_batch(std::deque<Item>& batch);
    // Checkpoints with TRUNCATE, retrying while readers hold the WAL, for at most budget
    // (zero: one attempt without waiting). Clears truncate_pending_ on success.
    void truncate_wal(std::chrono::milliseconds budget);
    // After a commit: asks the checkpointer, and catches up itself when the WAL grows.
    void keep_wal_short();

    Connection connection_;
    Checkpointer checkpointer_;  // after connection_: the database exists and is migrated
    const std::size_t max_batch_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Item> queue_;
    std::deque<Item> background_;
    int batches_since_background_ = 0;  // foreground batches run while background work waited
    // Background work waits at most this many foreground batches.
    static constexpr int foreground_batches_per_background_job = 4;
    bool stopping_ = false;
    int wal_pages_ = 0;  // the WAL's length after the last commit (writer thread only)
    bool truncate_pending_ = false;  // an erasure is committed but the WAL still holds it (writer thread only)
    std::atomic<std::uint64_t> commits_{0};
    std::atomic<std::uint64_t> jobs_done_{0};
    std::atomic<std::uint64_t> erasure_checkpoints_{0};
    std::thread thread_;
};

}  // namespace kl::storage
