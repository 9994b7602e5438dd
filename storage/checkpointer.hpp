#pragma once
// Copies the WAL into the database file on a thread of its own, so that the writer
// never does it between two batches.
//
// SQLite's automatic checkpoint runs inside the COMMIT that makes the WAL pass 1,000
// pages: that commit, and every request waiting behind it, waits for 4 MB to be
// written to the database file and synced (tens of milliseconds; the erase bench saw
// requests wait up to 200 ms). The writer turns it off and tells this thread how long
// the WAL is after each commit (sqlite3_wal_hook); past the threshold the thread runs a
// PASSIVE checkpoint on its own connection, which never blocks the writer and never
// waits for readers. The erasure's TRUNCATE checkpoint stays on the writer
// (storage/writer.hpp): it must be done before the erasure is answered.
#include "storage/connection.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace kl::storage {

class Checkpointer {
public:
    // The WAL length (in pages) past which a checkpoint runs: SQLite's own default.
    static constexpr int threshold_pages = 1000;

    // Opens its own connection to the database at path (which must exist) and starts
    // the thread.
    explicit Checkpointer(const std::string& path);
    ~Checkpointer();  // stop()
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    // After a commit: the WAL now holds pages pages. Thread-safe and cheap.
    void wal_length(int pages);
    // Runs no further checkpoints and joins the thread.
    void stop();

    // Checkpoints that copied frames into the database file.
    std::uint64_t checkpoints() const;
    // Waits until checkpoints() reaches count; false after timeout.
    bool wait_for_checkpoints(std::uint64_t count, std::chrono::milliseconds timeout) const;

private:
    void run();

    Connection connection_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    mutable std::condition_variable copied_;
    bool due_ = false;
    bool stopping_ = false;
    std::uint64_t checkpoints_ = 0;
    std::thread thread_;
};

}  // namespace kl::storage
