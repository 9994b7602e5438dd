// Slow consumers: 1% of a fan-out's subscribers stop reading. The target (tests/bench/README.md): the
// server's memory stays bounded by its per-connection queue limit, it drops those
// clients, and everyone else's p99 stays within 2× of what it was with all reading.
//
// On a server of its own (so that its memory figures are this scenario's), the
// fan-out load (fanout_load.hpp) runs two steps at the same rate: a baseline with every
// subscriber reading, then the same load with the stalled ones no longer reading from
// their sockets from the start of the step. The step is made long enough for a stalled
// client to fill the kernel's buffers and the server's queue for it (seconds_to_drop).
// Afterwards the stalled clients read again: a connection the server closed ends
// (EOF or a reset once the bytes still on their way are read), one it kept goes on.
#include "fanout_load.hpp"
#include "proc_stats.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>

namespace kl::bench {

namespace {

// The server's per-connection send queue limit (server/net/edge.hpp,
// WebSocketLimits): a client with more live frames or bytes queued is closed.
constexpr std::size_t queue_frames_limit = 4096;
constexpr std::size_t queue_bytes_limit = 4 * 1024 * 1024;

// A stalled client's SO_RCVBUF. Left to autotuning, the receive buffer grows while the
// client reads fast (up to tcp_rmem's maximum, 32 MiB on some machines), and all that
// would have to be sent before the server's queue even begins to fill. A slow
// consumer in the field (a phone behind a poor link) advertises a small window too.
constexpr int stalled_receive_buffer = 64 * 1024;

// Seconds of load at posts_per_second posts of frame_bytes each until a client that
// stopped reading is beyond the server's queue limit. First the kernel's buffers fill:
// the client's receive buffer (the kernel doubles SO_RCVBUF for its bookkeeping) and
// the server's send buffer (autotuned up to tcp_wmem's maximum, 4 MiB by default).
// Then the queue: 4 MiB / frame bytes frames (about 510 of the default 8 KB posts, so
// the byte limit comes first), or 4096 frames when they are small. With the defaults:
// (128 KiB + 4 MiB) / 8.2 KB + 510 ≈ 1,040 posts: 10,000 deliveries/s are 100 posts/s
// to 100 subscribers (--quick), about 10 s; 10 posts/s to 1,000, about 100 s.
double seconds_to_drop(double posts_per_second, std::size_t frame_bytes) {
    auto kernel_bytes = static_cast<std::size_t>(2 * stalled_receive_buffer + tcp_send_buffer_max());
    auto queue_frames = std::min(queue_frames_limit, queue_bytes_limit / frame_bytes + 1);
    return static_cast<double>(kernel_bytes / frame_bytes + queue_frames) / posts_per_second;
}

// The server's VmRSS through a step: at its start, and the highest of samples taken
// every 20 ms until the watch ends.
class ResidentWatch {
public:
    ResidentWatch(EventLoop& loop, pid_t pid) : state_(std::make_shared<State>()) {
        state_->pid = pid;
        state_->start = state_->peak = resident_bytes(pid);
        schedule(loop, state_);
    }
    ~ResidentWatch() { state_->stopped = true; }
    ResidentWatch(const ResidentWatch&) = delete;
    ResidentWatch& operator=(const ResidentWatch&) = delete;

    std::int64_t start() const { return state_->start; }
    std::int64_t peak() const { return state_->peak; }

private:
    // Shared with the pending timer, which may run after the watch is gone.
    struct State {
        pid_t pid = -1;
        std::int64_t start = 0, peak = 0;
        bool stopped = false;
    };

    static void schedule(EventLoop& loop, std::shared_ptr<State> state) {
        loop.at(Clock::now() + std::chrono::milliseconds(20), [&loop, state] {
            if (state->stopped) return;
            state->peak = std::max(state->peak, resident_bytes(state->pid));
            schedule(loop, state);
        });
    }

    std::shared_ptr<State> state_;
};

double megabytes(std::int64_t bytes) { return static_cast<double>(bytes) / (1024 * 1024); }

// A step and the server's VmRSS through it.
struct Measured {
    FanoutStep step;
    std::int64_t rss_start = 0, rss_peak = 0, rss_end = 0;
};

// One step's row: the figures of the reading subscribers, what became of the stalled
// ones, and the server's memory.
Row slow_row(const Measured& measured, std::size_t stalled, std::size_t dropped) {
    const auto& step = measured.step;
    Row row;
    row.scenario = "slow consumers";
    row.server = "kennislab";
    char load[96];
    std::snprintf(load, sizeof load, "%zu subs (%zu stalled) x %.0f msg/s", step.receivers, stalled,
                  step.posts_per_second);
    row.load = load;
    row.set("offered/s", step.posts_per_second * static_cast<double>(step.receivers - stalled));
    row.set("delivered/s", static_cast<double>(step.in_window) / step.measure_seconds);
    row.latencies(step.latency);
    auto lost = step.expected > step.received ? step.expected - step.received : 0;
    row.set("lost", lost).set("gaps", step.gaps).set("dups", step.duplicates).set("readers closed", step.closed);
    row.set("post errors", step.errors);
    row.set("stalled dropped", dropped);
    row.set("srv CPU %", 100 * step.server_cpu_seconds / step.measure_seconds);
    // Near 100 the client is the bottleneck and the latencies say little.
    row.set("client CPU %", 100 * step.own_cpu_seconds / step.measure_seconds);
    // The sender's post.create answers: a slow durable write path shows here.
    row.latencies(step.ack_latency, "ack ");
    row.set("RSS start MB", megabytes(measured.rss_start));
    row.set("RSS peak MB", megabytes(measured.rss_peak));
    row.set("RSS end MB", megabytes(measured.rss_end));
    row.set("peak growth MB", megabytes(measured.rss_peak - measured.rss_start));
    // What the stalled clients' queues may hold at the most.
    row.set("queue bound MB", megabytes(static_cast<std::int64_t>(stalled * queue_bytes_limit)));
    return row;
}

double p99_ms(const FanoutStep& step) { return static_cast<double>(step.latency.quantile(0.99)) / 1e6; }

}  // namespace

void run_slow(Bench& bench) {
    const auto& config = bench.config;
    auto server = bench.own_server("slow");
    auto people = create_people(bench.loop, *server, config.people);
    auto count = config.slow_subscribers;
    auto stalled_count = std::max<std::size_t>(1, count / 100);
    // Spread over the connections, so over the people and source addresses too.
    std::vector<std::size_t> stalled;
    for (std::size_t i = 0; i < stalled_count; ++i)
        stalled.push_back(i * count / stalled_count + count / stalled_count / 2);
    auto is_stalled = [&](std::size_t index) {
        return std::find(stalled.begin(), stalled.end(), index) != stalled.end();
    };

    FanoutLoad load(bench, *server, people, config.slow_message_bytes);
    double setup = load.connect(count, [&](std::size_t index, WsOptions& options) {
        if (is_stalled(index)) options.receive_buffer_bytes = stalled_receive_buffer;
    });

    // Both steps equally long: long enough, with half again to spare, for the stalled
    // clients to pass the queue limit. The post body is a lower bound of the event
    // frame's size, so the estimate errs on the long side.
    double posts_per_second = config.slow_rate / static_cast<double>(count);
    auto body_bytes = make_stamp(Stamp{}, config.slow_message_bytes).size();
    double drop_seconds = seconds_to_drop(posts_per_second, body_bytes);
    double measure = std::max(config.measure_seconds, 1.5 * drop_seconds - config.warmup_seconds);

    auto run_step = [&] {
        ResidentWatch memory(bench.loop, server->pid());
        Measured measured{load.step(config.slow_rate, config.warmup_seconds, measure)};
        measured.rss_start = memory.start();
        measured.rss_peak = memory.peak();
        measured.rss_end = resident_bytes(server->pid());
        return measured;
    };
    auto baseline = run_step();
    for (auto index : stalled) load.stall(index);
    auto slowed = run_step();

    // Read again: a connection the server dropped ends once its last bytes are read.
    for (auto index : stalled) load.resume(index);
    auto dropped = [&] {
        return static_cast<std::size_t>(
            std::count_if(stalled.begin(), stalled.end(), [&](std::size_t index) { return load.closed(index); }));
    };
    bench.loop.run_until([&] { return dropped() == stalled.size(); }, std::chrono::seconds(10));

    bench.report.add(slow_row(baseline, 0, 0));
    auto row = slow_row(slowed, stalled.size(), dropped());
    auto baseline_p99 = p99_ms(baseline.step);
    if (baseline_p99 > 0) row.set("p99 x baseline", p99_ms(slowed.step) / baseline_p99);
    bench.report.add(std::move(row));

    char note[256];
    std::snprintf(note, sizeof note,
                  "%zu receivers connected and subscribed in %.1f s; event frames up to %zu bytes; "
                  "a stalled client passes the queue limit within about %.1f s; steps of %.0f + %.0f s",
                  count, setup, load.largest_frame_bytes(), drop_seconds, config.warmup_seconds, measure);
    bench.report.note("slow consumers", note);
    if (!load.first_close_reason().empty())
        bench.report.note("slow consumers", "the first connection to end: " + load.first_close_reason());
    server->stop(SIGTERM);
    bench.report.print_scenario(std::cout, "slow consumers");
}

}  // namespace kl::bench
