#pragma once
// Threads for work that must stay off the socket threads. The server runs two of them:
// the read pool (database reads, WebSocket upgrade checks, /api/me) and the hashing
// pool (Argon2 only, with a queue cap), so that a flood of logins can never make a
// read wait behind a password hash. Each worker owns a read-only SQLite connection
// (WAL lets readers run beside the single writer), handed to every task it runs.
#include "storage/connection.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kl::app {

class BlockingPool {
public:
    using Task = std::function<void(storage::Connection&)>;
    static constexpr std::size_t unbounded = std::numeric_limits<std::size_t>::max();

    // Whether the workers yield to interactive work (thread_priority.hpp): the hashing
    // pool does, the read pool does not.
    enum class Priority { normal, background };

    // max_queued: tasks that may wait for a worker at once (try_post refuses beyond).
    BlockingPool(const std::string& db_path, std::size_t threads, std::size_t max_queued = unbounded,
                 Priority priority = Priority::normal);
    ~BlockingPool();  // finishes queued tasks, then joins
    BlockingPool(const BlockingPool&) = delete;
    BlockingPool& operator=(const BlockingPool&) = delete;

    // Queues a task whatever the queue holds; thread-safe. A task that throws is logged
    // and dropped: tasks are expected to answer their own errors.
    void post(Task task);
    // Queues a task unless max_queued tasks are already waiting or the pool is stopping;
    // false then, and the task is dropped (the caller answers "busy"). Thread-safe.
    bool try_post(Task task);
    void stop();

private:
    void run(const std::string& db_path);

    const std::size_t max_queued_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Task> tasks_;  // waiting for a worker; a running task is no longer here
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace kl::app
