#pragma once
// How many TCP connections the server holds, in total and per client address.
//
// Every connection costs a file descriptor, and the process has a fixed number of
// them (RLIMIT_NOFILE). Without a cap a flood of connections takes the last one, and
// then the database, an export or the next accept fails. The total is therefore the
// descriptor limit less a reserve for what the server itself opens; the cap per
// address keeps one machine from taking all of them. A connection over either cap is
// closed at once, before its TLS handshake costs anything.
//
// New connections per address are also counted over a short window: every refused
// login or request on a fresh connection still costs a full TLS handshake (about a
// millisecond of CPU), so one machine opening hundreds of connections a second would
// take a core from everyone else while staying under the cap of connections held.
//
// Thread-safety: admit() and the slots' release may run on any thread.
#include "server/app/core/rate_limiter.hpp"

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace kl::net {

struct ConnectionLimitSettings {
    std::size_t max_total = 0;        // 0: from the descriptor limit (total_from_descriptor_limit)
    std::size_t max_per_address = 0;  // 0: no limit per address
    // Addresses exempt from the per-address caps (trusted proxies carry many clients).
    std::unordered_set<std::string> exempt_addresses;
    // New connections one address may open per new_connection_window (0: no limit).
    std::size_t max_new_per_address = 0;
};

// The window over which new connections per address are counted.
constexpr std::chrono::seconds new_connection_window{10};

// Descriptors kept free for the server itself: the writer's and the pool's database
// connections with their WAL and shared-memory files, certificates, static files,
// exports and logs. Generous: a descriptor is cheap, running out is not.
constexpr std::size_t reserved_descriptors = 128;

// Raises the soft descriptor limit to the hard one and returns what is left for
// connections after the reserve (at least 16).
std::size_t total_from_descriptor_limit();

class ConnectionLimits {
public:
    // clock: for the window of new connections (tests pass a ManualClock).
    ConnectionLimits(ConnectionLimitSettings settings, const app::Clock& clock);

    // A connection from address may stay: returns its slot, to be kept as long as the
    // connection's descriptor is open (releasing it frees the place). Null when a cap
    // is reached: the caller closes the connection.
    std::shared_ptr<void> admit(const std::string& address);

    std::size_t total() const;
    std::size_t max_total() const { return max_total_; }
    std::size_t refused() const;

private:
    // Gives its place back when the last reference goes.
    struct Slot {
        Slot(ConnectionLimits& l, std::string a) : limits(l), address(std::move(a)) {}
        ~Slot();
        ConnectionLimits& limits;
        std::string address;  // empty: not counted per address
    };
    void release(const std::string& address);

    const std::size_t max_total_;
    const std::size_t max_per_address_;
    const std::unordered_set<std::string> exempt_;
    app::RateLimiter arrivals_;  // inert when max_new_per_address is 0
    const bool count_arrivals_;
    mutable std::mutex mutex_;
    std::size_t total_ = 0;
    std::size_t refused_ = 0;
    std::unordered_map<std::string, std::size_t> per_address_;
};

}  // namespace kl::net
