#pragma once
// Writers: connections posting into one thread, each post acknowledged only after its
// commit. Closed loop (each writer keeps a few posts in flight: the most the server
// will take) or open loop (a fixed total rate on a schedule, latency counted from the
// intended send time). Used by the writers scenario and to fill databases.
#include "bench.hpp"
#include "histogram.hpp"

#include <memory>
#include <vector>

namespace kl::bench {

struct WriteResult {
    std::uint64_t acked = 0;
    std::uint64_t errors = 0;
    double seconds = 0;
    Histogram latency;  // send (open loop: intended send) to acknowledgement
};

class WriteLoad {
public:
    WriteLoad(Bench& bench, const KennislabServer& server, const People& people, std::string thread, std::size_t writers);
    ~WriteLoad();

    // Posts go to thread from now on (a thread of the same session).
    void use_thread(std::string thread) { thread_ = std::move(thread); }
    // Posts until duration has passed or max_posts are acknowledged, each writer with
    // depth posts in flight; returns when every sent post is answered.
    WriteResult closed_loop(Clock::duration duration, std::uint64_t max_posts, std::size_t depth, std::size_t body_bytes);
    // Posts rate posts a second in all, round robin over the writers, for duration.
    WriteResult open_loop(double rate, Clock::duration duration, std::size_t body_bytes);

private:
    void post(std::size_t writer, std::size_t body_bytes, Clock::time_point intended, WriteResult& result,
              std::function<void()> then);

    Bench& bench_;
    std::string thread_;
    std::vector<std::unique_ptr<KlClient>> clients_;
    std::uint64_t in_flight_ = 0;
};

// Fills room's session with posts through the protocol (16 writers, 400-byte posts), a
// thousand to a thread as in a long-lived kennislab; new threads are made by admin.
void fill_session(Bench& bench, const KennislabServer& server, const People& people, KlClient& admin,
                  const Room& room, std::uint64_t posts);

}  // namespace kl::bench
