#pragma once
// GET /api/sessions/{id}/export?format=md|html: the session report as a download.
// Each export runs on a thread of its own (not the shared pool: a slow download
// would hold a pool thread) with its own read-only connection and one read
// transaction; the report flows through a bounded ChunkPipe to the network edge,
// so memory stays small however large the session. At most max_running at once.
#include "server/app/core/services.hpp"
#include "server/app/http/http_types.hpp"
#include "server/app/report/chunk_pipe.hpp"

#include <atomic>
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

    static constexpr std::size_t max_running = 2;
    static constexpr std::size_t chunk_bytes = 64 * 1024;

private:
    struct Job {
        std::shared_ptr<ChunkPipe> pipe = std::make_shared<ChunkPipe>();
        std::atomic<bool> done{false};
        std::thread thread;
    };
    struct Order {
        std::string cookie_token;
        std::string address;
        std::int64_t session_id = 0;
        std::string format;  // md or html
    };

    void produce(Job& job, const Order& order, const Respond& respond);
    void join_finished();  // with mutex_ held

    Services& services_;
    std::mutex mutex_;
    std::list<std::unique_ptr<Job>> jobs_;
    bool stopping_ = false;
};

}  // namespace kl::app
