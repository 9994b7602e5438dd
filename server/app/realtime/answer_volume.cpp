#include "server/app/realtime/answer_volume.hpp"

#include <algorithm>

namespace kl::app {

AnswerVolume::AnswerVolume(const Clock& clock, AnswerVolumeRate rate)
    : clock_(clock), rate_{rate.bytes_per_second, std::max(rate.burst_bytes, rate.bytes_per_second)} {}

void AnswerVolume::refill(Bucket& bucket, TimePoint now) const {
    // Whole seconds, as RequestRateLimit: each adds bytes_per_second up to the burst. A
    // clock set back adds nothing; a long pause fills the bucket without overflowing.
    if (now > bucket.refilled) {
        const auto burst = static_cast<std::int64_t>(rate_.burst_bytes);
        const auto per_second = static_cast<std::int64_t>(rate_.bytes_per_second);
        const auto seconds = (now - bucket.refilled).count();
        const auto owed = burst - bucket.bytes;  // > 0 while not full
        bucket.bytes = seconds >= owed / per_second + 1 ? burst : std::min(burst, bucket.bytes + seconds * per_second);
    }
    bucket.refilled = now;
}

std::int64_t AnswerVolume::wait(std::int64_t user) {
    if (rate_.bytes_per_second == 0) return 0;
    const auto now = clock_.now();
    std::lock_guard lock(mutex_);
    auto it = buckets_.find(user);
    if (it == buckets_.end()) return 0;
    refill(it->second, now);
    if (it->second.bytes > 0) return 0;
    // Seconds until the debt is paid and one byte is allowed again.
    const auto per_second = static_cast<std::int64_t>(rate_.bytes_per_second);
    return -it->second.bytes / per_second + 1;
}

void AnswerVolume::charge(std::int64_t user, std::uint64_t bytes) {
    if (rate_.bytes_per_second == 0) return;
    const auto now = clock_.now();
    const auto burst = static_cast<std::int64_t>(rate_.burst_bytes);
    std::lock_guard lock(mutex_);
    auto [it, fresh] = buckets_.try_emplace(user, Bucket{burst, now});
    if (!fresh) refill(it->second, now);
    // Bounded below so that one enormous answer costs at most a burst's worth of waiting.
    it->second.bytes = std::max(-burst, it->second.bytes - static_cast<std::int64_t>(std::min<std::uint64_t>(bytes, burst)));
    if (buckets_.size() > purge_at_) forget_full(now);
}

void AnswerVolume::forget_full(TimePoint now) {
    // A full bucket admits exactly what a missing one would: drop those. The next purge
    // waits until the map has doubled, so the work stays constant per charge.
    std::erase_if(buckets_, [&](const auto& entry) {
        auto bucket = entry.second;
        refill(bucket, now);
        return bucket.bytes >= static_cast<std::int64_t>(rate_.burst_bytes);
    });
    purge_at_ = std::max<std::size_t>(1024, buckets_.size() * 2);
}

std::size_t AnswerVolume::tracked() const {
    std::lock_guard lock(mutex_);
    return buckets_.size();
}

}  // namespace kl::app
