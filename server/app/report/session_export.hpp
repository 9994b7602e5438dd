#pragma once
// GET /api/sessions/{id}/export?format=md|html: the session report as a download.
// Each export runs on a thread of its own (not the shared pool: a slow download
// would hold a pool thread) with its own read-only connection. The report is written
// inside one read transaction into a nameless spool file (core/spool_file.hpp), and only
// then sent, through a bounded ChunkPipe to the network edge: memory stays small
// however large the session, and a slow client never holds a read transaction.
//
// Bounded under abuse: at most max_running exports at once and one per user; a client
// that takes no piece for piece_patience, or is not done after max_duration, loses
// the download (what the slowest reader costs is a thread and a file for that long).
#include "server/app/core/services.hpp"
#include "server/app/http/http_types.hpp"
#include "server/app/report/chunk_pipe.hpp"

#include <atomic>
#include <chrono>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

namespace kl::app {

class SessionExport {
public:
    explicit SessionExport(Services& services);
    ~SessionExport();  // stop()
    SessionExport(const SessionExport&) = delete;
    SessionExport& operator=(const SessionExport&) = delete;

    void handle(const HttpRequest& request, const std::string& session_id, Respond respond);
    // Cancels the running exports and waits for their threads (server shutdown).
    void stop();

    static constexpr std::size_t max_running = 4;
    static constexpr std::size_t chunk_bytes = 64 * 1024;
    // A piece of 64 KiB at least every 30 s: about 2 KiB/s, far below any real line.
    static constexpr std::chrono::seconds piece_patience{30};
    static constexpr std::chrono::minutes max_duration{15};

private:
    struct Job {
        std::shared_ptr<ChunkPipe> pipe = std::make_shared<ChunkPipe>();
        std::atomic<bool> done{false};
        std::int64_t user_id = 0;  // with mutex_ held; 0 until the caller is known
        std::thread thread;
    };
    struct Order {
        std::string cookie_token;
        std::string address;
        std::int64_t session_id = 0;
        std::string format;  // md or html
    };

    void produce(Job& job, const Order& order, const Respond& respond);
    // Claims the user's one export slot for job; false when another export of theirs runs.
    bool claim_user_slot(Job& job, std::int64_t user_id);
    void join_finished();  // with mutex_ held

    Services& services_;
    std::mutex mutex_;
    std::list<std::unique_ptr<Job>> jobs_;
    bool stopping_ = false;
};

}  // namespace kl::app
