#include "storage/checkpointer.hpp"

#include <sqlite3.h>
#include <spdlog/spdlog.h>

namespace kl::storage {

Checkpointer::Checkpointer(const std::string& path)
    : connection_(path, OpenMode::read_write) {
    // A connection that has read nothing yet has not opened the WAL, and SQLite then
    // answers a checkpoint with SQLITE_OK having done nothing (the frame counts are -1).
    connection_.exec("PRAGMA journal_mode = WAL");
    thread_ = std::thread([this] { run(); });
}

Checkpointer::~Checkpointer() { stop(); }

void Checkpointer::wal_length(int pages) {
    if (pages < threshold_pages) return;
    {
        std::lock_guard lock(mutex_);
        due_ = true;
    }
    wake_.notify_one();
}

void Checkpointer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::uint64_t Checkpointer::checkpoints() const {
    std::lock_guard lock(mutex_);
    return checkpoints_;
}

bool Checkpointer::wait_for_checkpoints(std::uint64_t count, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return copied_.wait_for(lock, timeout, [&] { return checkpoints_ >= count; });
}

void Checkpointer::run() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || due_; });
            if (stopping_) return;
            due_ = false;
        }
        // PASSIVE: copies what no reader still needs and returns; the next commit
        // past the threshold asks again for the rest. SQLITE_BUSY only means that
        // another checkpoint (the writer's after an erasure) is running.
        int wal_frames = -1;
        int copied_frames = -1;
        int rc = sqlite3_wal_checkpoint_v2(connection_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_frames,
                                           &copied_frames);
        if (rc == SQLITE_OK) {
            if (copied_frames <= 0) continue;  // all frames are still needed by a reader
            std::lock_guard lock(mutex_);
            ++checkpoints_;
            copied_.notify_all();
        } else if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) {
            spdlog::warn("WAL checkpoint failed: {}", sqlite3_errstr(rc));
        }
    }
}

}  // namespace kl::storage
