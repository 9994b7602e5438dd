#include "server/app/core/rate_limiter.hpp"

namespace kl::app {

RateLimiter::RateLimiter(const Clock& clock, int max_events, std::chrono::seconds window, std::size_t max_keys)
    : clock_(clock), max_events_(max_events), window_(window), max_keys_(max_keys) {}

void RateLimiter::prune(std::deque<TimePoint>& times, TimePoint now) const {
    while (!times.empty() && times.front() + window_ <= now) times.pop_front();
}

bool RateLimiter::blocked(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = events_.find(key);
    if (it == events_.end()) return false;
    prune(it->second, clock_.now());
    return static_cast<int>(it->second.size()) >= max_events_;
}

void RateLimiter::record(const std::string& key) {
    std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    if (events_.size() >= max_keys_ && !events_.contains(key)) make_room(now);
    auto& times = events_[key];
    prune(times, now);
    times.push_back(now);
    // Never keep more than needed to decide.
    while (static_cast<int>(times.size()) > max_events_) times.pop_front();
}

void RateLimiter::reset(const std::string& key) {
    std::lock_guard lock(mutex_);
    events_.erase(key);
}

void RateLimiter::make_room(TimePoint now) {
    for (auto it = events_.begin(); it != events_.end();) {
        prune(it->second, now);
        it = it->second.empty() ? events_.erase(it) : std::next(it);
    }
    if (events_.size() < max_keys_) return;
    auto oldest = events_.begin();
    for (auto it = events_.begin(); it != events_.end(); ++it) {
        if (it->second.back() < oldest->second.back()) oldest = it;
    }
    events_.erase(oldest);
}

}  // namespace kl::app
