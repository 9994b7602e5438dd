#include "storage/writer.hpp"

#include <stdexcept>
#include <vector>

namespace kl::storage {

Writer::Writer(const std::string& path, std::size_t max_batch)
    : connection_(open_database(path, OpenMode::read_write)), max_batch_(max_batch), thread_([this] { run(); }) {}

Writer::~Writer() { stop(); }

void Writer::post(Job job, Done done) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            queue_.push_back({std::move(job), std::move(done)});
            wake_.notify_one();
            return;
        }
    }
    done(std::make_exception_ptr(std::runtime_error("storage is shutting down")));
}

void Writer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Writer::run() {
    for (;;) {
        std::deque<Item> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping and drained
            while (!queue_.empty() && batch.size() < max_batch_) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        commit_batch(batch);
    }
}

void Writer::commit_batch(std::deque<Item>& batch) {
    std::vector<std::exception_ptr> results(batch.size());
    try {
        connection_.exec("BEGIN IMMEDIATE");
        for (std::size_t i = 0; i < batch.size(); ++i) {
            connection_.exec("SAVEPOINT job");
            try {
                batch[i].job(connection_);
                connection_.exec("RELEASE job");
            } catch (...) {
                results[i] = std::current_exception();
                // On some errors (a full disk) SQLite rolls the whole transaction back
                // itself: nothing of the batch is stored, and every job hears this error.
                if (connection_.autocommit()) throw;
                connection_.exec("ROLLBACK TO job; RELEASE job");
            }
        }
        connection_.exec("COMMIT");
        ++commits_;
    } catch (...) {
        // BEGIN or COMMIT failed, or SQLite ended the transaction: nothing of this
        // batch is stored.
        auto failure = std::current_exception();
        try {
            connection_.exec("ROLLBACK");
        } catch (...) {
        }
        for (auto& result : results) result = failure;
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        try {
            batch[i].done(results[i]);
        } catch (...) {
            // A callback that throws must not take the writer down.
        }
    }
    jobs_done_ += batch.size();
}

}  // namespace kl::storage
