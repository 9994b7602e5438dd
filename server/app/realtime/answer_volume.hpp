#pragma once
// How many bytes of answers one account may ask for: a token bucket in bytes per
// user. A request that finds its account's bucket empty is answered rate_limited with
// the seconds until it has room; an answer that was sent is charged afterwards, by its
// serialised size (its cost is known only once it is built). An account may so take a
// whole full session (session.state of about 1 MB, see SessionLimits) several times at
// once and a few times a second after that, but cannot keep the read pool busy with
// one large answer after another over any number of connections: that would make every
// other member's request wait behind its own.
//
// Thread-safety: every member may be called from any thread.
#include "server/app/core/clock.hpp"

#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace kl::app {

struct AnswerVolumeRate {
    std::uint64_t bytes_per_second = 0;  // refill per whole second; 0: no limit at all
    std::uint64_t burst_bytes = 0;       // the bucket's size
};

class AnswerVolume {
public:
    AnswerVolume(const Clock& clock, AnswerVolumeRate rate);

    // 0 when user may ask for an answer now, else the whole seconds until its bucket
    // has room again (at least 1). Takes nothing.
    std::int64_t wait(std::int64_t user);
    // An answer of `bytes` was sent to user: its bucket loses that much, down to less
    // than empty (a debt the refill pays off first).
    void charge(std::int64_t user, std::uint64_t bytes);
    // Accounts with a bucket (for tests).
    std::size_t tracked() const;

private:
    struct Bucket {
        std::int64_t bytes;   // still allowed; negative: owed
        TimePoint refilled;   // when bytes were last topped up
    };
    void refill(Bucket& bucket, TimePoint now) const;
    void forget_full(TimePoint now);  // mutex_ held

    const Clock& clock_;
    const AnswerVolumeRate rate_;
    mutable std::mutex mutex_;
    std::unordered_map<std::int64_t, Bucket> buckets_;
    std::size_t purge_at_ = 1024;  // forget_full runs when buckets_ grows past this
};

}  // namespace kl::app
