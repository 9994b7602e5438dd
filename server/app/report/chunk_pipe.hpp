#pragma once
// A bounded hand-over of body pieces from a producer thread to the network edge. The
// producer blocks while max_chunks pieces wait, so a slow download holds at most
// max_chunks × chunk size in memory however large the body is.
//
// Thread-safety: push/close on the producer thread, next/cancel from any thread.
#include "server/app/http/http_types.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace kl::app {

class ChunkPipe final : public BodyStream {
public:
    explicit ChunkPipe(std::size_t max_chunks = 4) : max_chunks_(max_chunks) {}

    // Hands over a non-empty piece; blocks while the pipe is full. False once the
    // consumer cancelled, or when it took nothing for patience (a client reading too
    // slowly): the pipe is then cancelled and the producer should stop.
    bool push(std::string chunk, std::chrono::milliseconds patience = std::chrono::hours(24));
    // The end of the body (ok) or a failure; nothing is pushed after it.
    void close(bool ok);
    bool cancelled() const;

    void next(Ready ready) override;
    void cancel() override;

private:
    const std::size_t max_chunks_;
    mutable std::mutex mutex_;
    std::condition_variable space_;
    std::deque<std::string> chunks_;
    Ready waiting_;  // a consumer waiting for the next piece
    bool closed_ = false;
    bool ok_ = true;
    bool cancelled_ = false;
};

}  // namespace kl::app
