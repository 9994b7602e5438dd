#include "server/app/realtime/request_rate.hpp"

#include <algorithm>

namespace kl::app {

RequestRateLimit::RequestRateLimit(const Clock& clock, RequestRate rate)
    : clock_(clock), rate_{rate.per_second, std::max(rate.burst, 1u)} {}

bool RequestRateLimit::admit(const Client* client) {
    if (rate_.per_second == 0) return true;
    const auto now = clock_.now();
    const auto burst = static_cast<std::int64_t>(rate_.burst);
    std::lock_guard lock(mutex_);
    auto [it, fresh] = buckets_.try_emplace(client, Bucket{burst, now});
    auto& bucket = it->second;
    // The clock counts whole seconds: each one that passed adds per_second tokens, up
    // to the burst. A clock set back (a test, a corrected system clock) adds nothing.
    if (!fresh && now > bucket.refilled) {
        auto seconds = (now - bucket.refilled).count();
        // (A long pause fills the bucket whatever the rate; no overflow on a big jump.)
        bucket.tokens = seconds >= burst ? burst : std::min<std::int64_t>(burst, bucket.tokens + seconds * rate_.per_second);
        bucket.refilled = now;
    } else if (now < bucket.refilled) {
        bucket.refilled = now;
    }
    if (bucket.tokens <= 0) return false;
    --bucket.tokens;
    return true;
}

void RequestRateLimit::forget(const Client* client) {
    std::lock_guard lock(mutex_);
    buckets_.erase(client);
}

void RequestRateLimit::forget_refilled() {
    const auto now = clock_.now();
    const auto burst = static_cast<std::int64_t>(rate_.burst);
    std::lock_guard lock(mutex_);
    std::erase_if(buckets_, [&](const auto& entry) {
        const auto& bucket = entry.second;
        if (rate_.per_second == 0) return true;
        auto seconds = now > bucket.refilled ? (now - bucket.refilled).count() : 0;
        // As in admit: seconds >= burst fills any bucket (and keeps the product small).
        return seconds >= burst || bucket.tokens + seconds * rate_.per_second >= burst;
    });
}

std::size_t RequestRateLimit::tracked() const {
    std::lock_guard lock(mutex_);
    return buckets_.size();
}

}  // namespace kl::app
