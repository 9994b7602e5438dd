#include "server/app/core/rate_limiter.hpp"

#include <algorithm>

namespace kl::app {

RateLimiter::RateLimiter(const Clock& clock, int max_events, std::chrono::seconds window, std::size_t max_keys)
    : clock_(clock), max_events_(max_events), window_(window), max_keys_(max_keys) {}

void RateLimiter::prune(std::deque<TimePoint>& times, TimePoint now) const {
    while (!times.empty() && times.front() + window_ <= now) times.pop_front();
}

RateLimiter::Admission RateLimiter::try_acquire(const std::string& key) { return try_acquire(key, clock_.now()); }

RateLimiter::Admission RateLimiter::try_acquire(const std::string& key, TimePoint now) {
    std::lock_guard lock(mutex_);
    if (events_.size() >= max_keys_ && !events_.contains(key)) make_room(now);
    auto& times = events_[key];
    prune(times, now);
    if (auto refused_for = wait_of(times, now); refused_for > std::chrono::seconds(0)) return {false, now, refused_for};
    // Callers read the clock before taking the lock, so a concurrent attempt may come
    // in with a time a second older than the newest: keep the window sorted anyway.
    times.insert(std::upper_bound(times.begin(), times.end(), now), now);
    return {true, now, std::chrono::seconds(0)};
}

std::chrono::seconds RateLimiter::wait_of(const std::deque<TimePoint>& times, TimePoint now) const {
    if (static_cast<int>(times.size()) < max_events_) return std::chrono::seconds(0);
    // The window has room again when its oldest attempt leaves it.
    return std::max(std::chrono::seconds(1), times.front() + window_ - now);
}

std::chrono::seconds RateLimiter::wait(const std::string& key, TimePoint now) {
    std::lock_guard lock(mutex_);
    auto it = events_.find(key);
    if (it == events_.end()) return std::chrono::seconds(0);
    prune(it->second, now);
    return wait_of(it->second, now);
}

void RateLimiter::release(const std::string& key, TimePoint at) {
    std::lock_guard lock(mutex_);
    auto it = events_.find(key);
    if (it == events_.end()) return;
    auto& times = it->second;
    // The newest attempt counted at that second is this one (or one just like it).
    auto found = std::find(times.rbegin(), times.rend(), at);
    if (found != times.rend()) times.erase(std::next(found).base());
    if (times.empty()) events_.erase(it);
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
