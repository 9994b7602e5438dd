#include "server/app/report/chunk_pipe.hpp"

#include <utility>

namespace kl::app {

bool ChunkPipe::push(std::string chunk, std::chrono::milliseconds patience) {
    Ready ready;
    {
        std::unique_lock lock(mutex_);
        if (!space_.wait_for(lock, patience, [&] { return cancelled_ || chunks_.size() < max_chunks_; }))
            cancelled_ = true;  // the reader is too slow: it loses the download
        if (cancelled_) return false;
        if (waiting_)
            ready = std::exchange(waiting_, nullptr);
        else
            chunks_.push_back(std::move(chunk));
    }
    // Called outside the lock: the consumer may ask for the next piece at once.
    if (ready) ready(std::move(chunk));
    return true;
}

void ChunkPipe::close(bool ok) {
    Ready ready;
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        ok_ = ok;
        if (chunks_.empty()) ready = std::exchange(waiting_, nullptr);
    }
    if (ready) ready(ok ? std::optional<std::string>(std::string()) : std::nullopt);
}

bool ChunkPipe::cancelled() const {
    std::lock_guard lock(mutex_);
    return cancelled_;
}

void ChunkPipe::next(Ready ready) {
    std::optional<std::string> piece;
    {
        std::lock_guard lock(mutex_);
        if (!chunks_.empty()) {
            piece = std::move(chunks_.front());
            chunks_.pop_front();
            space_.notify_one();
        } else if (closed_) {
            if (ok_) piece = std::string();
        } else {
            waiting_ = std::move(ready);
            return;
        }
    }
    ready(std::move(piece));
}

void ChunkPipe::cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    waiting_ = nullptr;
    space_.notify_all();
}

}  // namespace kl::app
