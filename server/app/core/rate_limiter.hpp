#pragma once
// Counts events per key in a sliding window, e.g. failed logins per account and per
// address. Thread-safe. Memory is bounded: past max_keys, expired keys are purged and,
// if that is not enough, the key with the oldest activity is dropped.
#include "server/app/core/clock.hpp"

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kl::app {

class RateLimiter {
public:
    RateLimiter(const Clock& clock, int max_events, std::chrono::seconds window, std::size_t max_keys = 100000);

    // True when key has reached max_events within the window (the next attempt must wait).
    bool blocked(const std::string& key);
    // Records one event for key.
    void record(const std::string& key);
    // Forgets key (e.g. after a successful login).
    void reset(const std::string& key);

private:
    void prune(std::deque<TimePoint>& times, TimePoint now) const;
    void make_room(TimePoint now);

    const Clock& clock_;
    const int max_events_;
    const std::chrono::seconds window_;
    const std::size_t max_keys_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::deque<TimePoint>> events_;
};

}  // namespace kl::app
