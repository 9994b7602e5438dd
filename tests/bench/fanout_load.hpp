#pragma once
// The load the fan-out and slow-consumer scenarios share: one session, many
// subscribers, one sender posting on a fixed schedule.
//
// The sender is open-loop: message i is due at start + i/rate whatever happened to
// the earlier ones, and carries that intended send time in its text, so a server that
// stalls is charged for the whole stall (no coordinated omission). Every receiver
// checks the sequence (Kennislab: the event seq; the broadcast peer: the message
// number) for gaps and duplicates and records send-to-receive latency. The load runs
// against Kennislab (post.create over the full protocol, durable before it fans out)
// or against the plain Node ws broadcast peer.
//
// A receiver can be stalled: it stops reading from its socket, and its deliveries no
// longer count. The figures of a step are those of the receivers that read.
#include "bench.hpp"
#include "frames.hpp"
#include "histogram.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace kl::bench {

// What one load step measured, over the receivers that were reading.
struct FanoutStep {
    std::size_t receivers = 0;    // all of them, stalled or not
    double posts_per_second = 0;
    double measure_seconds = 0;
    std::int64_t acked = 0, errors = 0;  // post.create answers (Kennislab)
    std::uint64_t expected = 0;   // deliveries due to the reading receivers still open
    std::uint64_t received = 0;   // of those, arrived by the end of the drain
    std::uint64_t in_window = 0;  // arrived inside the measuring window
    std::uint64_t gaps = 0, duplicates = 0;
    std::size_t closed = 0;       // reading receivers the server closed
    double server_cpu_seconds = 0, own_cpu_seconds = 0;  // over the measuring window
    Histogram latency, ack_latency;
};

class FanoutLoad {
public:
    // Against a Kennislab server, with its people as subscribers (spread over them).
    FanoutLoad(Bench& bench, KennislabServer& server, const People& people, std::size_t message_bytes);
    // Against the Node ws broadcast peer.
    FanoutLoad(Bench& bench, std::size_t message_bytes);
    ~FanoutLoad();
    FanoutLoad(const FanoutLoad&) = delete;
    FanoutLoad& operator=(const FanoutLoad&) = delete;

    // Connects the receivers (and subscribes them) and the sender. adjust may change a
    // receiver's connection options by its index. Returns the seconds it took.
    double connect(std::size_t count, const std::function<void(std::size_t index, WsOptions&)>& adjust = {});

    // Offers deliveries_per_second (posts per second × receivers) for warmup + measure
    // seconds, then waits until the reading receivers have everything or 10 s passed.
    FanoutStep step(double deliveries_per_second, double warmup_seconds, double measure_seconds);

    // Kennislab receivers only: stops (resumes) reading from the socket.
    void stall(std::size_t index);
    void resume(std::size_t index);
    bool closed(std::size_t index) const;
    // The first reason a receiver gave for its close, if any did.
    const std::string& first_close_reason() const { return first_close_reason_; }
    // The largest event frame a receiver has seen, in bytes (what the server queues).
    std::size_t largest_frame_bytes() const { return largest_frame_; }
    pid_t server_pid() const;

private:
    struct Receiver {
        std::int64_t last = -1;  // last seq (Kennislab) or message number (peer) seen
        bool closed = false;
        bool stalled = false;    // not reading: its deliveries do not count
    };
    struct StepState {
        std::int64_t first = 0, total = 0, measured_first = 0;
        std::int64_t sent = 0, answered = 0, acked = 0, errors = 0;
        std::uint64_t received = 0, in_window = 0;
        Clock::time_point start, window_begin, window_end;
        Clock::duration interval{};
        Histogram latency, ack_latency;
    };

    void prepare_room();
    void subscribe(std::size_t index, std::function<void()> done);
    void open_sender();
    void send_due();
    void on_kl_frame(std::size_t index, std::string_view frame);
    void on_peer_frame(std::size_t index, std::string_view frame);
    void check_sequence(Receiver& receiver, std::int64_t seq);
    void delivered(const Stamp& stamp);
    void on_closed(std::size_t index, const std::string& reason);
    std::uint64_t reading_open() const;
    std::uint64_t expected() const;

    Bench& bench_;
    KennislabServer* server_;  // null: the peer
    const People* people_;
    std::size_t message_bytes_;
    std::vector<Receiver> receivers_;
    std::vector<std::shared_ptr<KlClient>> kl_receivers_;
    std::vector<std::shared_ptr<WsConnection>> ws_receivers_;
    std::unique_ptr<KlClient> admin_, kl_sender_;
    std::shared_ptr<WsConnection> ws_sender_;
    Room room_;
    std::int64_t head_seq_ = 0;
    std::int64_t next_number_ = 1;
    StepState step_;
    std::uint64_t gaps_ = 0, duplicates_ = 0;
    std::size_t largest_frame_ = 0;
    std::string first_close_reason_;
};

}  // namespace kl::bench
