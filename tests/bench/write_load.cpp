#include "write_load.hpp"

#include "frames.hpp"

#include <algorithm>
#include <iostream>
#include <stdexcept>

namespace kl::bench {

namespace {

// The same client_msg_id from the same person answers the earlier post instead of
// making a new one: numbers are unique across every load of the run.
std::uint64_t next_message = 0;

std::int64_t ns_of(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

WriteLoad::WriteLoad(Bench& bench, const KennislabServer& server, const People& people, std::string thread,
                     std::size_t writers)
    : bench_(bench), thread_(std::move(thread)) {
    std::size_t opened = 0, failed = 0;
    for (std::size_t i = 0; i < writers; ++i) {
        clients_.push_back(std::make_unique<KlClient>(bench.loop, client_options(server, people.members[i % people.members.size()], i)));
        clients_.back()->open([&](const std::string& error) { ++(error.empty() ? opened : failed); });
    }
    bench.loop.run_until([&] { return opened + failed == writers; }, std::chrono::minutes(2));
    if (opened != writers) throw std::runtime_error("writers: " + std::to_string(writers - opened) + " did not connect");
}

WriteLoad::~WriteLoad() {
    for (auto& client : clients_) client->abort();
}

void WriteLoad::post(std::size_t writer, std::size_t body_bytes, Clock::time_point intended, WriteResult& result,
                     std::function<void()> then) {
    auto number = static_cast<std::int64_t>(next_message++);
    ++in_flight_;
    // The client_msg_id must be unique per person; the number is unique in the run.
    // (Built with += : "w" + std::to_string() trips GCC 12's false -Wrestrict.)
    std::string client_msg_id = "w";
    client_msg_id += std::to_string(number);
    clients_[writer]->request("post.create",
                              {{"thread", thread_},
                               {"body", make_stamp({ns_of(intended), number}, body_bytes)},
                               {"client_msg_id", client_msg_id}},
                              [this, intended, &result, then = std::move(then)](std::string_view answer) {
                                  --in_flight_;
                                  if (answer_ok(answer)) {
                                      ++result.acked;
                                      result.latency.record(ns_of(Clock::now()) - ns_of(intended));
                                  } else if (++result.errors == 1) {
                                      std::cerr << "writers: post.create failed: " << answer.substr(0, 300) << "\n";
                                  }
                                  if (then) then();
                              });
}

WriteResult WriteLoad::closed_loop(Clock::duration duration, std::uint64_t max_posts, std::size_t depth,
                                   std::size_t body_bytes) {
    WriteResult result;
    auto begin = Clock::now();
    auto end = begin + duration;
    std::uint64_t sent = 0;
    std::function<void(std::size_t)> next = [&](std::size_t writer) {
        if (Clock::now() >= end || sent >= max_posts) return;
        ++sent;
        post(writer, body_bytes, Clock::now(), result, [&next, writer] { next(writer); });
    };
    for (std::size_t d = 0; d < depth; ++d)
        for (std::size_t w = 0; w < clients_.size(); ++w) next(w);
    bench_.loop.run_until([&] { return in_flight_ == 0; }, duration + std::chrono::seconds(60));
    result.seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    return result;
}

WriteResult WriteLoad::open_loop(double rate, Clock::duration duration, std::size_t body_bytes) {
    WriteResult result;
    auto begin = Clock::now() + std::chrono::milliseconds(10);
    auto interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate));
    auto total = static_cast<std::uint64_t>(std::chrono::duration<double>(duration).count() * rate);
    std::uint64_t sent = 0;
    std::function<void()> send_due = [&] {
        auto now = Clock::now();
        while (sent < total) {
            auto intended = begin + interval * sent;
            if (intended > now) return bench_.loop.at(intended, send_due);
            post(sent % clients_.size(), body_bytes, intended, result, nullptr);
            ++sent;
        }
    };
    bench_.loop.at(begin, send_due);
    bench_.loop.run_until([&] { return sent == total && in_flight_ == 0; }, duration + std::chrono::seconds(120));
    // Until the last answer: a server that falls behind takes longer than duration.
    result.seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    return result;
}

void fill_session(Bench& bench, const KennislabServer& server, const People& people, KlClient& admin,
                  const Room& room, std::uint64_t posts) {
    WriteLoad fill(bench, server, people, room.thread, 16);
    constexpr std::uint64_t per_thread = 1000;
    for (std::uint64_t done = 0; done < posts; done += per_thread) {
        if (done > 0) fill.use_thread(create_thread(bench.loop, admin, room.session, "Deel " + std::to_string(done)));
        auto batch = std::min<std::uint64_t>(per_thread, posts - done);
        auto result = fill.closed_loop(std::chrono::minutes(5), batch, 4, 400);
        if (result.errors > 0) throw std::runtime_error("filling a session with posts failed");
    }
}

}  // namespace kl::bench
