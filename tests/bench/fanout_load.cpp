#include "fanout_load.hpp"

#include "proc_stats.hpp"

#include <cmath>
#include <iostream>
#include <stdexcept>

namespace kl::bench {

namespace {

std::int64_t ns_of(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

Clock::duration seconds(double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

}  // namespace

FanoutLoad::FanoutLoad(Bench& bench, KennislabServer& server, const People& people, std::size_t message_bytes)
    : bench_(bench), server_(&server), people_(&people), message_bytes_(message_bytes) {}

FanoutLoad::FanoutLoad(Bench& bench, std::size_t message_bytes)
    : bench_(bench), server_(nullptr), people_(nullptr), message_bytes_(message_bytes) {}

FanoutLoad::~FanoutLoad() {
    for (auto& client : kl_receivers_) client->abort();
    for (auto& connection : ws_receivers_) connection->abort();
    if (kl_sender_) kl_sender_->abort();
    if (ws_sender_) ws_sender_->abort();
}

double FanoutLoad::connect(std::size_t count, const std::function<void(std::size_t, WsOptions&)>& adjust) {
    auto begin = Clock::now();
    receivers_.resize(count);
    if (server_) prepare_room();
    std::size_t ready = 0, failed = 0;
    std::size_t next = 0;
    // At most this many handshakes at once: the server's accept queue is finite.
    constexpr std::size_t parallel = 64;
    std::function<void()> open_next = [&] {
        if (next >= count) return;
        auto index = next++;
        auto on_open = [&, index](const std::string& error) {
            if (!error.empty()) {
                ++failed;
                if (failed == 1) std::cerr << "fan-out: connection failed: " << error << "\n";
                open_next();
                return;
            }
            subscribe(index, [&] { ++ready; });
            open_next();
        };
        auto on_close = [this, index](const std::string& reason) { on_closed(index, reason); };
        if (server_) {
            auto& members = people_->members;
            auto options = client_options(*server_, members[index % members.size()], index);
            if (adjust) adjust(index, options);
            auto client = std::make_shared<KlClient>(bench_.loop, options);
            kl_receivers_.push_back(client);
            client->on_other([this, index](std::string_view frame) { on_kl_frame(index, frame); });
            client->on_close(on_close);
            client->open(on_open);
        } else {
            WsOptions options;
            options.port = *bench_.peer_port();
            options.source_address = source_address(index);
            if (adjust) adjust(index, options);
            auto connection = WsConnection::create(bench_.loop, options);
            ws_receivers_.push_back(connection);
            connection->on_frame([this, index](std::string_view frame) { on_peer_frame(index, frame); });
            connection->on_close(on_close);
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

FanoutStep FanoutLoad::step(double deliveries_per_second, double warmup_seconds, double measure_seconds) {
    double posts_per_second = deliveries_per_second / static_cast<double>(receivers_.size());
    step_ = StepState{};
    step_.first = next_number_;
    step_.total = static_cast<std::int64_t>(std::llround((warmup_seconds + measure_seconds) * posts_per_second));
    step_.measured_first = step_.first + static_cast<std::int64_t>(std::llround(warmup_seconds * posts_per_second));
    step_.start = Clock::now() + std::chrono::milliseconds(20);
    step_.interval = seconds(1.0 / posts_per_second);
    step_.window_begin = step_.start + seconds(warmup_seconds);
    step_.window_end = step_.window_begin + seconds(measure_seconds);
    next_number_ += step_.total;

    double server_cpu_begin = 0, server_cpu_end = 0, own_cpu_begin = 0, own_cpu_end = 0;
    bench_.loop.at(step_.window_begin, [&] {
        server_cpu_begin = process_cpu_seconds(server_pid());
        own_cpu_begin = own_cpu_seconds();
    });
    bool window_done = false;
    bench_.loop.at(step_.window_end, [&] {
        server_cpu_end = process_cpu_seconds(server_pid());
        own_cpu_end = own_cpu_seconds();
        window_done = true;
    });
    bench_.loop.at(step_.start, [this] { send_due(); });

    // Everything sent and answered, then every receiver has everything, or the
    // drain time is over (what is missing then is lost).
    auto drain = std::chrono::seconds(10);
    bench_.loop.run_until([&] { return window_done && step_.sent == step_.total && step_.answered == step_.total; },
                          seconds(warmup_seconds + measure_seconds) + drain);
    bench_.loop.run_until([&] { return step_.received >= expected(); }, drain);

    FanoutStep result;
    result.receivers = receivers_.size();
    result.posts_per_second = posts_per_second;
    result.measure_seconds = measure_seconds;
    result.acked = step_.acked;
    result.errors = step_.errors;
    result.expected = expected();
    result.received = step_.received;
    result.in_window = step_.in_window;
    result.gaps = gaps_;
    result.duplicates = duplicates_;
    for (const auto& receiver : receivers_) result.closed += !receiver.stalled && receiver.closed ? 1 : 0;
    result.server_cpu_seconds = server_cpu_end - server_cpu_begin;
    result.own_cpu_seconds = own_cpu_end - own_cpu_begin;
    result.latency = step_.latency;
    result.ack_latency = step_.ack_latency;
    gaps_ = duplicates_ = 0;
    return result;
}

void FanoutLoad::stall(std::size_t index) {
    receivers_[index].stalled = true;
    kl_receivers_.at(index)->pause_reading();
}

void FanoutLoad::resume(std::size_t index) { kl_receivers_.at(index)->resume_reading(); }

bool FanoutLoad::closed(std::size_t index) const { return receivers_[index].closed; }

pid_t FanoutLoad::server_pid() const { return server_ ? server_->pid() : bench_.peer_pid(); }

std::uint64_t FanoutLoad::reading_open() const {
    std::uint64_t count = 0;
    for (const auto& receiver : receivers_) count += receiver.closed || receiver.stalled ? 0 : 1;
    return count;
}

std::uint64_t FanoutLoad::expected() const {
    auto messages = server_ ? step_.acked : step_.sent;
    return static_cast<std::uint64_t>(messages) * reading_open();
}

void FanoutLoad::prepare_room() {
    admin_ = std::make_unique<KlClient>(bench_.loop, client_options(*server_, people_->admin, 0));
    open_blocking(bench_.loop, *admin_);
    room_ = create_room(bench_.loop, *admin_, *people_, "Fan-out");
    head_seq_ = call(bench_.loop, *admin_, "session.state", {{"session", room_.session}})["head_seq"].get<std::int64_t>();
    admin_->abort();
}

void FanoutLoad::subscribe(std::size_t index, std::function<void()> done) {
    if (!server_) return done();
    receivers_[index].last = head_seq_;
    kl_receivers_[index]->request("session.subscribe", {{"session", room_.session}, {"after_seq", head_seq_}},
                                  [done = std::move(done)](std::string_view answer) {
                                      if (!answer_ok(answer)) throw std::runtime_error("subscribe failed: " + std::string(answer));
                                      done();
                                  });
}

void FanoutLoad::open_sender() {
    std::optional<std::string> error;
    if (server_) {
        kl_sender_ = std::make_unique<KlClient>(bench_.loop, client_options(*server_, people_->members[0], 1));
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
void FanoutLoad::send_due() {
    auto now = Clock::now();
    while (step_.sent < step_.total) {
        auto intended = step_.start + step_.interval * step_.sent;
        if (intended > now) {
            bench_.loop.at(intended, [this] { send_due(); });
            return;
        }
        Stamp stamp{ns_of(intended), step_.first + step_.sent};
        auto text = make_stamp(stamp, message_bytes_);
        ++step_.sent;
        if (server_) {
            std::string client_msg_id = "f";  // += : GCC 12 warns falsely (-Wrestrict) on "f" + string
            client_msg_id += std::to_string(stamp.number);
            kl_sender_->request("post.create",
                                {{"thread", room_.thread}, {"body", text}, {"client_msg_id", client_msg_id}},
                                [this, intended](std::string_view answer) {
                                    ++step_.answered;
                                    if (answer_ok(answer)) {
                                        ++step_.acked;
                                        step_.ack_latency.record(ns_of(Clock::now()) - ns_of(intended));
                                    } else if (++step_.errors == 1) {
                                        std::cerr << "fan-out: post.create failed: " << answer.substr(0, 300) << "\n";
                                    }
                                });
        } else {
            ws_sender_->send(std::move(text));
            ++step_.answered;  // a broadcast has no answer
        }
    }
}

void FanoutLoad::on_kl_frame(std::size_t index, std::string_view frame) {
    auto& receiver = receivers_[index];
    if (receiver.stalled) return;  // what it reads after the stall is not measured
    auto seq = int_field(frame, "seq");
    if (!seq) return;  // presence
    largest_frame_ = std::max(largest_frame_, frame.size());
    check_sequence(receiver, *seq);
    if (auto stamp = find_stamp(frame)) delivered(*stamp);
}

void FanoutLoad::on_peer_frame(std::size_t index, std::string_view frame) {
    auto stamp = find_stamp(frame);
    if (!stamp) return;
    check_sequence(receivers_[index], stamp->number);
    delivered(*stamp);
}

void FanoutLoad::check_sequence(Receiver& receiver, std::int64_t seq) {
    if (receiver.last >= 0) {
        if (seq <= receiver.last)
            ++duplicates_;
        else if (seq > receiver.last + 1)
            gaps_ += static_cast<std::uint64_t>(seq - receiver.last - 1);
    }
    receiver.last = std::max(receiver.last, seq);
}

void FanoutLoad::delivered(const Stamp& stamp) {
    if (stamp.number < step_.first) return;  // a late one from an earlier step
    auto now = Clock::now();
    ++step_.received;
    if (now >= step_.window_begin && now < step_.window_end) ++step_.in_window;
    if (stamp.number >= step_.measured_first) step_.latency.record(ns_of(now) - stamp.intended_ns);
}

void FanoutLoad::on_closed(std::size_t index, const std::string& reason) {
    receivers_[index].closed = true;
    if (first_close_reason_.empty()) first_close_reason_ = reason;
}

}  // namespace kl::bench
