// Reconnect replay: a client that missed N events subscribes with the after_seq it
// last saw; measured is the time from sending session.subscribe until the last
// missed event has arrived, with a check that all N came, in order, once.
#include "frames.hpp"
#include "histogram.hpp"
#include "write_load.hpp"

#include <iostream>
#include <stdexcept>

namespace kl::bench {

void run_replay(Bench& bench) {
    auto& server = bench.lab();
    const auto& people = bench.people();
    KlClient admin(bench.loop, client_options(server, people.admin, 0));
    open_blocking(bench.loop, admin);
    auto room = create_room(bench.loop, admin, people, "Terugspelen");
    auto missed = static_cast<std::int64_t>(bench.config.replay_events);
    {
        WriteLoad fill(bench, server, people, room.thread, 50);
        auto result = fill.closed_loop(std::chrono::minutes(10), static_cast<std::uint64_t>(missed), 4, 30);
        if (result.acked < static_cast<std::uint64_t>(missed)) throw std::runtime_error("replay: filling the session failed");
    }
    auto head = call(bench.loop, admin, "session.state", {{"session", room.session}})["head_seq"].get<std::int64_t>();
    admin.abort();

    Histogram to_answer, to_last;
    std::uint64_t gaps = 0, duplicates = 0, incomplete = 0;
    for (int trial = 0; trial < bench.config.replay_trials; ++trial) {
        auto index = static_cast<std::size_t>(trial);
        KlClient client(bench.loop, client_options(server, people.members[index % people.members.size()], index));
        open_blocking(bench.loop, client);
        std::int64_t last = head - missed, received = 0;
        bool done = false;
        auto begin = Clock::now();
        auto since_begin = [&] { return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - begin).count(); };
        client.on_other([&](std::string_view frame) {
            auto seq = int_field(frame, "seq");
            if (!seq) return;  // presence
            if (*seq <= last)
                ++duplicates;
            else if (*seq > last + 1)
                gaps += static_cast<std::uint64_t>(*seq - last - 1);
            last = std::max(last, *seq);
            ++received;
            if (*seq == head) {
                to_last.record(since_begin());
                done = true;
            }
        });
        client.request("session.subscribe", {{"session", room.session}, {"after_seq", head - missed}},
                       [&](std::string_view answer) {
                           if (!answer_ok(answer)) throw std::runtime_error("replay: subscribe failed: " + std::string(answer));
                           to_answer.record(since_begin());
                       });
        if (!bench.loop.run_until([&] { return done; }, std::chrono::seconds(60))) throw std::runtime_error("replay: timed out");
        if (received != missed) ++incomplete;
        client.abort();
    }
    Row row;
    row.scenario = "replay";
    row.server = "kennislab";
    row.load = std::to_string(missed) + " missed events, " + std::to_string(bench.config.replay_trials) + " trials";
    auto ms = [](std::int64_t ns) { return static_cast<double>(ns) / 1e6; };
    row.set("answer p50 ms", ms(to_answer.quantile(0.5)));
    row.set("last event p50 ms", ms(to_last.quantile(0.5)));
    row.set("last event max ms", ms(to_last.max()));
    row.set("events/s", to_last.quantile(0.5) ? static_cast<double>(missed) * 1e9 / static_cast<double>(to_last.quantile(0.5)) : 0.0);
    row.set("gaps", gaps).set("dups", duplicates).set("incomplete", incomplete);
    bench.report.add(row);
    bench.report.print_scenario(std::cout, "replay");
}

}  // namespace kl::bench
