// Erasing a large session in the background (issue 22's rule: no request waits more
// than 100 ms meanwhile). A session is filled with erase_posts posts and archived with
// a retention of 0 days, so that the next pass of the eraser (at least once a minute)
// erases it: rows in batches, then the search indexes merged in short steps. All the
// while a member of another session posts at a steady rate (open loop, latency from
// the intended send time); the acknowledgements before the erasure begins are the
// baseline, those while it runs the figure that counts.
#include "write_load.hpp"

#include <csignal>
#include <iostream>
#include <stdexcept>

namespace kl::bench {

void run_erase(Bench& bench) {
    auto server = bench.own_server("erase");
    auto people = create_people(bench.loop, *server, 4);
    KlClient admin(bench.loop, client_options(*server, people.admin, 0));
    open_blocking(bench.loop, admin);
    auto doomed = create_room(bench.loop, admin, people, "Te wissen sessie");
    fill_session(bench, *server, people, admin, doomed, bench.config.erase_posts);
    auto live = create_room(bench.loop, admin, people, "Lopende sessie");
    WriteLoad member(bench, *server, people, live.thread, 4);
    const double rate = bench.config.erase_member_rate;
    constexpr std::size_t body_bytes = 200;

    auto baseline = member.open_loop(rate, std::chrono::seconds(5), body_bytes);
    call(bench.loop, admin, "session.update", {{"session", doomed.session}, {"retention_days", 0}});
    call(bench.loop, admin, "session.archive", {{"session", doomed.session}});

    // Half-second steps of the same load until the server says the erasure is done; a
    // step belongs to the erasure once the server has said that it began.
    const std::string began_line = "retention: erasing session " + doomed.session;
    const std::string done_line = "retention: the content of session " + doomed.session + " is erased";
    constexpr auto step = std::chrono::milliseconds(500);
    Histogram during;
    std::uint64_t errors = baseline.errors, steps_erasing = 0;
    bool began = false;
    auto give_up = Clock::now() + std::chrono::minutes(30);
    for (bool done = false; !done;) {
        if (Clock::now() > give_up) throw std::runtime_error("erase: the erasure did not finish within 30 minutes");
        auto result = member.open_loop(rate, step, body_bytes);
        errors += result.errors;
        began = began || server->logged(began_line);
        if (began) {
            during.merge(result.latency);
            ++steps_erasing;
        } else {
            baseline.latency.merge(result.latency);
        }
        done = began && server->logged(done_line);
    }

    auto load = std::to_string(bench.config.erase_posts) + " posts erased; a member posts " +
                std::to_string(static_cast<int>(rate)) + "/s";
    Row before;
    before.scenario = "erase";
    before.server = "kennislab";
    before.load = load + ", before";
    before.set("acked", baseline.latency.count());
    before.latencies(baseline.latency, "ack ");
    bench.report.add(before);
    Row row;
    row.scenario = "erase";
    row.server = "kennislab";
    row.load = load + ", during";
    row.set("acked", during.count());
    row.latencies(during, "ack ");
    row.set("erasure s", std::chrono::duration<double>(step * steps_erasing).count());
    row.set("errors", errors);
    bench.report.add(row);
    bench.report.note("erase", "target: no request waits more than 100 ms while the session is erased (ack max)");

    admin.abort();
    server->stop(SIGTERM);
    bench.report.print_scenario(std::cout, "erase");
}

}  // namespace kl::bench
