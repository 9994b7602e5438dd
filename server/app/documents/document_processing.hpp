#pragma once
// What is derived from a PDF once it is stored: its page count, a thumbnail of the
// first page and its text for search (contract: "Documents"). The upload's answer does
// not wait for it: the stored PDF is queued here, the inspector runs as a limited child
// process (pdf_inspector.hpp) on a pool of its own (one worker, a short queue, at
// background priority), and the result is stored in one writer transaction with a
// `document.updated` event through the gate. A PDF that fails, is killed for time or
// memory, or was erased meanwhile keeps no pages, thumbnail or text (an empty derived
// row records that it was tried). Once a second a sweep picks up PDFs that a full
// queue or a restart left uninspected.
#include "server/app/core/blocking_pool.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/hub.hpp"

#include <atomic>
#include <cstdint>

namespace kl::app {

class DocumentProcessing {
public:
    DocumentProcessing(Services& services, Hub& hub);

    // Queues a stored PDF; when the queue is full the sweep takes it later.
    void queue(std::int64_t document_id);
    // Queues a few uninspected PDFs when nothing waits (once a second).
    void sweep();
    // Kills a running inspection and ends the worker.
    void stop();

private:
    void process(storage::Connection& connection, std::int64_t document_id);

    Services& services_;
    Hub& hub_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> waiting_{0};  // queued or running tasks
    BlockingPool pool_;
};

}  // namespace kl::app
