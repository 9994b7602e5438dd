#pragma once
// Threads for work that must stay off the socket threads: database reads and password
// hashing. Each worker owns a read-only SQLite connection (WAL lets readers run beside
// the single writer), handed to every task it runs.
#include "storage/connection.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kl::app {

class BlockingPool {
public:
    using Task = std::function<void(storage::Connection&)>;

    BlockingPool(const std::string& db_path, std::size_t threads);
    ~BlockingPool();  // finishes queued tasks, then joins
    BlockingPool(const BlockingPool&) = delete;
    BlockingPool& operator=(const BlockingPool&) = delete;

    // Queues a task; thread-safe. A task that throws is logged and dropped: tasks
    // are expected to answer their own errors.
    void post(Task task);
    void stop();

private:
    void run(const std::string& db_path);

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Task> tasks_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace kl::app
