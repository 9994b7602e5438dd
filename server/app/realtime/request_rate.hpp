#pragma once
// A rate limit on WebSocket requests per connection: a token bucket per Client. A
// connection may send `burst` requests at once and `per_second` a second after that;
// beyond it a request is answered `rate_limited` and nothing is done. One bucket (two
// numbers) per connection that has sent a request, removed when the connection
// closes, so memory is bounded by the open connections.
//
// Thread-safety: every member may be called from any thread (connections run on
// different strands of the network threads).
#include "server/app/core/clock.hpp"

#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace kl::app {

class Client;

struct RequestRate {
    unsigned per_second = 0;  // tokens added per whole second; 0: no limit at all
    unsigned burst = 0;       // the bucket's size (at least 1)
};

class RequestRateLimit {
public:
    RequestRateLimit(const Clock& clock, RequestRate rate);

    // True when client may make a request now; takes one token for it.
    bool admit(const Client* client);
    // The connection closed: its bucket goes.
    void forget(const Client* client);
    // Drops every bucket that has refilled to the full burst by now: such a bucket admits
    // exactly what a new one would. A limiter that is never told of closed connections
    // (one kept by a feature) calls this about once a second, and then holds buckets
    // only for connections that used it within the last burst / per_second seconds.
    void forget_refilled();
    // Connections with a bucket (for tests).
    std::size_t tracked() const;

private:
    struct Bucket {
        std::int64_t tokens;  // requests still allowed before the next refill
        TimePoint refilled;   // when tokens were last topped up
    };

    const Clock& clock_;
    const RequestRate rate_;
    mutable std::mutex mutex_;
    std::unordered_map<const Client*, Bucket> buckets_;
};

}  // namespace kl::app
