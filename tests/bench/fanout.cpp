// Fan-out: one session, many subscribers, one sender posting on a fixed schedule.
//
// The sender is open-loop: message i is due at start + i/rate whatever happened to
// the earlier ones, and carries that intended send time in its text, so a server that
// stalls is charged for the whole stall (no coordinated omission). Every receiver
// checks the sequence (Kennislab: the event seq; the broadcast peer: the message
// number) for gaps and duplicates and records send-to-receive latency. The same load
// runs against Kennislab (post.create over the full protocol, durable before it fans
// out) and against the plain Node ws broadcast peer.
#include "bench.hpp"
#include "frames.hpp"
#include "histogram.hpp"
#include "proc_stats.hpp"

#include <cmath>
#include <iostream>
#include <stdexcept>

namespace kl::bench {

namespace {

std::int64_t ns_of(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

struct Receiver {
    std::int64_t last = -1;  // last seq (Kennislab) or message number (peer) seen
    bool closed = false;
};

class FanoutRun {
public:
    FanoutRun(Bench& bench, bool kennislab) : bench_(bench), kennislab_(kennislab) {}

    ~FanoutRun() {
        for (auto& client : kl_receivers_) client->abort();
        for (auto& connection : ws_receivers_) connection->abort();
        if (kl_sender_) kl_sender_->abort();
        if (ws_sender_) ws_sender_->abort();
    }

    // Connects the receivers (and subscribes them) and the sender. Returns the seconds it took.
    double connect(std::size_t count) {
        auto begin = Clock::now();
        receivers_.resize(count);
        if (kennislab_) prepare_room();
        std::size_t opened = 0, ready = 0, failed = 0;
        std::size_t next = 0;
        // At most this many handshakes at once: the server's accept queue is finite.
        constexpr std::size_t parallel = 64;
        std::function<void()> open_next = [&] {
            if (next >= count) return;
            auto index = next++;
            auto on_open = [&, index](const std::string& error) {
                ++opened;
                if (!error.empty()) {
                    ++failed;
                    if (failed == 1) std::cerr << "fan-out: connection failed: " << error << "\n";
                    open_next();
                    return;
                }
                subscribe(index, [&] { ++ready; });
                open_next();
            };
            if (kennislab_) {
                auto& people = bench_.people().members;
                auto client = std::make_shared<KlClient>(bench_.loop, client_options(bench_.lab(), people[index % people.size()], index));
                kl_receivers_.push_back(client);
                client->on_other([this, index](std::string_view frame) { on_kl_frame(index, frame); });
                client->on_close([this, index](const std::string&) { on_closed(index); });
                client->open(on_open);
            } else {
                WsOptions options;
                options.port = *bench_.peer_port();
                options.source_address = source_address(index);
                auto connection = WsConnection::create(bench_.loop, options);
                ws_receivers_.push_back(connection);
                connection->on_frame([this, index](std::string_view frame) { on_peer_frame(index, frame); });
                connection->on_close([this, index](const std::string&) { on_closed(index); });
                connection->open(on_open);
            }
        };
        for (std::size_t i = 0; i < std::min(parallel, count); ++i) open_next();
        if (!bench_.loop.run_until([&] { return ready + failed >= count; }, std::chrono::minutes(5)))
            throw std::runtime_error("fan-out: receivers did not all connect");
        if (failed > 0) throw std::runtime_error("fan-out: " + std::to_string(failed) + " receivers failed to connect");
        open_sender();
        return std::chrono::duration<double>(Clock::now() - begin).count();
    }

    Row round(double deliveries_per_second) {
        const auto& config = bench_.config;
        double posts_per_second = deliveries_per_second / static_cast<double>(receivers_.size());
        auto interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / posts_per_second));
        round_ = RoundState{};
        round_.first = next_number_;
        round_.total = static_cast<std::int64_t>(std::llround((config.warmup_seconds + config.measure_seconds) * posts_per_second));
        round_.measured_first = round_.first + static_cast<std::int64_t>(std::llround(config.warmup_seconds * posts_per_second));
        round_.start = Clock::now() + std::chrono::milliseconds(20);
        round_.interval = interval;
        round_.window_begin = round_.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(config.warmup_seconds));
        round_.window_end = round_.window_begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(config.measure_seconds));
        next_number_ += round_.total;

        double server_cpu_begin = 0, server_cpu_end = 0, own_cpu_begin = 0, own_cpu_end = 0;
        bench_.loop.at(round_.window_begin, [&] {
            server_cpu_begin = process_cpu_seconds(server_pid());
            own_cpu_begin = own_cpu_seconds();
        });
        bool window_done = false;
        bench_.loop.at(round_.window_end, [&] {
            server_cpu_end = process_cpu_seconds(server_pid());
            own_cpu_end = own_cpu_seconds();
            window_done = true;
        });
        bench_.loop.at(round_.start, [this] { send_due(); });

        // Everything sent and answered, then every receiver has everything, or the
        // drain time is over (what is missing then is lost).
        auto drain = std::chrono::seconds(10);
        bench_.loop.run_until([&] { return window_done && round_.sent == round_.total && round_.answered == round_.total; },
                              std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                                  config.warmup_seconds + config.measure_seconds)) + drain);
        bench_.loop.run_until([&] { return round_.received >= expected(); }, drain);

        double cpu = server_cpu_end - server_cpu_begin;
        double wall = config.measure_seconds;
        std::size_t live = 0;
        for (const auto& receiver : receivers_) live += receiver.closed ? 0 : 1;
        Row row;
        row.scenario = "fan-out";
        row.server = kennislab_ ? "kennislab" : "ws-peer";
        char load[96];
        std::snprintf(load, sizeof load, "%zu subs x %.0f msg/s = %.0fk/s", receivers_.size(), posts_per_second,
                      deliveries_per_second / 1000);
        row.load = load;
        row.set("delivered/s", static_cast<double>(round_.in_window) / wall);
        row.latencies(round_.latency);
        auto lost = expected() > round_.received ? expected() - round_.received : 0;
        row.set("lost", lost).set("gaps", gaps_).set("dups", duplicates_).set("dropped", receivers_.size() - live);
        if (kennislab_) row.set("post errors", round_.errors);
        row.set("srv CPU %", 100 * cpu / wall);
        row.set("srv us/deliv", round_.in_window ? cpu * 1e6 / static_cast<double>(round_.in_window) : 0.0);
        row.set("client CPU %", 100 * (own_cpu_end - own_cpu_begin) / wall);
        if (kennislab_) row.latencies(round_.ack_latency, "ack ");
        gaps_ = duplicates_ = 0;
        return row;
    }

private:
    struct RoundState {
        std::int64_t first = 0, total = 0, measured_first = 0;
        std::int64_t sent = 0, answered = 0, acked = 0, errors = 0;
        std::uint64_t received = 0, in_window = 0;
        Clock::time_point start, window_begin, window_end;
        Clock::duration interval{};
        Histogram latency, ack_latency;
    };

    std::uint64_t expected() const {
        std::uint64_t live = 0;
        for (const auto& receiver : receivers_) live += receiver.closed ? 0 : 1;
        auto messages = kennislab_ ? round_.acked : round_.sent;
        return static_cast<std::uint64_t>(messages) * live;
    }

    pid_t server_pid() { return kennislab_ ? bench_.lab().pid() : bench_.peer_pid(); }

    void prepare_room() {
        admin_ = std::make_unique<KlClient>(bench_.loop, client_options(bench_.lab(), bench_.people().admin, 0));
        open_blocking(bench_.loop, *admin_);
        room_ = create_room(bench_.loop, *admin_, bench_.people(), "Fan-out");
        head_seq_ = call(bench_.loop, *admin_, "session.state", {{"session", room_.session}})["head_seq"].get<std::int64_t>();
        admin_->abort();
    }

    void subscribe(std::size_t index, std::function<void()> done) {
        if (!kennislab_) return done();
        receivers_[index].last = head_seq_;
        kl_receivers_[index]->request("session.subscribe", {{"session", room_.session}, {"after_seq", head_seq_}},
                                      [done = std::move(done)](std::string_view answer) {
                                          if (!answer_ok(answer)) throw std::runtime_error("subscribe failed: " + std::string(answer));
                                          done();
                                      });
    }

    void open_sender() {
        std::optional<std::string> error;
        if (kennislab_) {
            kl_sender_ = std::make_unique<KlClient>(bench_.loop, client_options(bench_.lab(), bench_.people().members[0], 1));
            kl_sender_->open([&](const std::string& e) { error = e; });
        } else {
            WsOptions options;
            options.port = *bench_.peer_port();
            ws_sender_ = WsConnection::create(bench_.loop, options);
            ws_sender_->open([&](const std::string& e) { error = e; });
        }
        bench_.loop.run_until([&] { return error.has_value(); }, std::chrono::seconds(30));
        if (!error || !error->empty()) throw std::runtime_error("fan-out: sender did not connect");
    }

    // Sends every message that is due by now, then waits for the next one's time.
    void send_due() {
        auto now = Clock::now();
        while (round_.sent < round_.total) {
            auto intended = round_.start + round_.interval * round_.sent;
            if (intended > now) {
                bench_.loop.at(intended, [this] { send_due(); });
                return;
            }
            Stamp stamp{ns_of(intended), round_.first + round_.sent};
            auto text = make_stamp(stamp, bench_.config.message_bytes);
            ++round_.sent;
            if (kennislab_) {
                std::string client_msg_id = "f";  // += : GCC 12 warns falsely (-Wrestrict) on "f" + string
                client_msg_id += std::to_string(stamp.number);
                kl_sender_->request("post.create",
                                    {{"thread", room_.thread}, {"body", text}, {"client_msg_id", client_msg_id}},
                                    [this, intended](std::string_view answer) {
                                        ++round_.answered;
                                        if (answer_ok(answer)) {
                                            ++round_.acked;
                                            round_.ack_latency.record(ns_of(Clock::now()) - ns_of(intended));
                                        } else if (++round_.errors == 1) {
                                            std::cerr << "fan-out: post.create failed: " << answer.substr(0, 300) << "\n";
                                        }
                                    });
            } else {
                ws_sender_->send(std::move(text));
                ++round_.answered;  // a broadcast has no answer
            }
        }
    }

    void on_kl_frame(std::size_t index, std::string_view frame) {
        auto seq = int_field(frame, "seq");
        if (!seq) return;  // presence
        check_sequence(receivers_[index], *seq);
        if (auto stamp = find_stamp(frame)) delivered(*stamp);
    }

    void on_peer_frame(std::size_t index, std::string_view frame) {
        auto stamp = find_stamp(frame);
        if (!stamp) return;
        check_sequence(receivers_[index], stamp->number);
        delivered(*stamp);
    }

    void check_sequence(Receiver& receiver, std::int64_t seq) {
        if (receiver.last >= 0) {
            if (seq <= receiver.last)
                ++duplicates_;
            else if (seq > receiver.last + 1)
                gaps_ += static_cast<std::uint64_t>(seq - receiver.last - 1);
        }
        receiver.last = std::max(receiver.last, seq);
    }

    void delivered(const Stamp& stamp) {
        if (stamp.number < round_.first) return;  // a late one from an earlier round
        auto now = Clock::now();
        ++round_.received;
        if (now >= round_.window_begin && now < round_.window_end) ++round_.in_window;
        if (stamp.number >= round_.measured_first) round_.latency.record(ns_of(now) - stamp.intended_ns);
    }

    void on_closed(std::size_t index) { receivers_[index].closed = true; }

    Bench& bench_;
    bool kennislab_;
    std::vector<Receiver> receivers_;
    std::vector<std::shared_ptr<KlClient>> kl_receivers_;
    std::vector<std::shared_ptr<WsConnection>> ws_receivers_;
    std::unique_ptr<KlClient> admin_, kl_sender_;
    std::shared_ptr<WsConnection> ws_sender_;
    Room room_;
    std::int64_t head_seq_ = 0;
    std::int64_t next_number_ = 1;
    RoundState round_;
    std::uint64_t gaps_ = 0, duplicates_ = 0;
};

}  // namespace

void run_fanout(Bench& bench) {
    for (bool kennislab : {true, false}) {
        if (!kennislab && !bench.peer_port()) continue;
        FanoutRun run(bench, kennislab);
        double setup = run.connect(bench.config.subscribers);
        bench.report.note("fan-out", std::string(kennislab ? "kennislab" : "ws-peer") + ": " +
                                         std::to_string(bench.config.subscribers) + " receivers connected" +
                                         (kennislab ? " and subscribed" : "") + " in " + std::to_string(setup) + " s");
        for (double rate : bench.config.fanout_rates) bench.report.add(run.round(rate));
    }
    bench.report.print_scenario(std::cout, "fan-out");
}

}  // namespace kl::bench
