#pragma once
// Counts attempts per key in a sliding window, e.g. failed logins per account and per
// address. An attempt is counted when it is admitted, before the work it guards runs
// (try_acquire checks and counts under one lock), so that any number of concurrent
// attempts lets at most max_events of them through per window; the caller takes the
// count back (release) when the attempt turns out not to count, e.g. a login that
// succeeded or never ran. Thread-safe. Memory is bounded: past max_keys, expired keys
// are purged and, if that is not enough, the key with the oldest activity is dropped.
#include "server/app/core/clock.hpp"

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kl::app {

class RateLimiter {
public:
    // The answer to one attempt.
    struct Admission {
        bool admitted = false;
        TimePoint at;                          // when it was counted (to release it by)
        std::chrono::seconds retry_after{0};   // refused: how long until the window has room again
    };

    RateLimiter(const Clock& clock, int max_events, std::chrono::seconds window, std::size_t max_keys = 100000);

    // Admits and counts one attempt for key, or refuses it (counting nothing) when key
    // already has max_events within the window.
    Admission try_acquire(const std::string& key);
    // The same at a given time, for a caller that counts one attempt in several limiters
    // at once and releases it in each by that one time.
    Admission try_acquire(const std::string& key, TimePoint now);
    // How long until key's window has room again (0: it has room now). Counts nothing.
    std::chrono::seconds wait(const std::string& key, TimePoint now);
    // Takes back one attempt admitted at `at` (it did not happen, or does not count).
    void release(const std::string& key, TimePoint at);
    // Forgets key (e.g. after a successful login).
    void reset(const std::string& key);

private:
    void prune(std::deque<TimePoint>& times, TimePoint now) const;
    std::chrono::seconds wait_of(const std::deque<TimePoint>& times, TimePoint now) const;  // times pruned
    void make_room(TimePoint now);

    const Clock& clock_;
    const int max_events_;
    const std::chrono::seconds window_;
    const std::size_t max_keys_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::deque<TimePoint>> events_;  // sorted, oldest first; at most max_events_ each
};

}  // namespace kl::app
