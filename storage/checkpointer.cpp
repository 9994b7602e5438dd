#include "storage/checkpointer.hpp"

#include <sqlite3.h>
#include <spdlog/spdlog.h>

namespace kl::storage {

Checkpointer::Checkpointer(const std::string& path)
    : connection_(path, OpenMode::read_write), thread_([this] { run(); }) {}

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
        int rc = sqlite3_wal_checkpoint_v2(connection_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        if (rc == SQLITE_OK) {
            std::lock_guard lock(mutex_);
            ++checkpoints_;
        } else if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) {
            spdlog::warn("WAL checkpoint failed: {}", sqlite3_errstr(rc));
        }
    }
}

}  // namespace kl::storage
