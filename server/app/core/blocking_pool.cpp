#include "server/app/core/blocking_pool.hpp"

#include "server/app/core/thread_priority.hpp"

#include <spdlog/spdlog.h>

namespace kl::app {

BlockingPool::BlockingPool(const std::string& db_path, std::size_t threads, std::size_t max_queued, Priority priority)
    : max_queued_(max_queued) {
    for (std::size_t i = 0; i < threads; ++i)
        threads_.emplace_back([this, db_path, priority] {
            if (priority == Priority::background) run_this_thread_in_background();
            run(db_path);
        });
}

BlockingPool::~BlockingPool() { stop(); }

void BlockingPool::post(Task task) {
    {
        std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
    }
    wake_.notify_one();
}

bool BlockingPool::try_post(Task task) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || tasks_.size() >= max_queued_) return false;
        tasks_.push_back(std::move(task));
    }
    wake_.notify_one();
    return true;
}

void BlockingPool::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) {
        if (t.joinable()) t.join();
    }
    threads_.clear();
}

void BlockingPool::run(const std::string& db_path) {
    auto connection = storage::open_database(db_path, storage::OpenMode::read_only);
    for (;;) {
        Task task;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
            if (tasks_.empty()) return;  // stopping and drained
            task = std::move(tasks_.front());
            tasks_.pop_front();
        }
        try {
            task(connection);
        } catch (const std::exception& e) {
            spdlog::error("blocking task failed: {}", e.what());
        }
    }
}

}  // namespace kl::app
