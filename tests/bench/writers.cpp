// Durable writers: many connections posting into one thread, every post acknowledged
// only after its commit. First as fast as the server takes them (closed loop: the
// throughput), then at a fixed rate on a schedule (open loop: the acknowledgement
// latency at that rate, without coordinated omission).
#include "proc_stats.hpp"
#include "write_load.hpp"

#include <iostream>

namespace kl::bench {

namespace {

Row write_row(const std::string& load, const WriteResult& result, double cpu_seconds) {
    Row row;
    row.scenario = "durable writers";
    row.server = "kennislab";
    row.load = load;
    row.set("acked/s", static_cast<double>(result.acked) / result.seconds);
    row.latencies(result.latency, "ack ");
    row.set("errors", result.errors);
    row.set("srv CPU %", 100 * cpu_seconds / result.seconds);
    row.set("srv us/post", result.acked ? cpu_seconds * 1e6 / static_cast<double>(result.acked) : 0.0);
    return row;
}

}  // namespace

void run_writers(Bench& bench) {
    auto& server = bench.lab();
    const auto& people = bench.people();
    KlClient admin(bench.loop, client_options(server, people.admin, 0));
    open_blocking(bench.loop, admin);
    auto room = create_room(bench.loop, admin, people, "Schrijvers");
    auto writers = bench.config.writers;
    WriteLoad load(bench, server, people, room.thread, writers);
    auto seconds = [](double s) { return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s)); };

    load.closed_loop(seconds(bench.config.warmup_seconds), UINT64_MAX, 1, 30);  // warm up
    // Each step writes into a fresh thread: loading a thread costs the server time
    // in proportion to its posts (see README), and the steps should be comparable.
    for (std::size_t depth : {1, 4}) {
        load.use_thread(create_thread(bench.loop, admin, room.session, "Schrijvers " + std::to_string(depth)));
        auto cpu = process_cpu_seconds(server.pid());
        auto result = load.closed_loop(seconds(bench.config.measure_seconds), UINT64_MAX, depth, 30);
        bench.report.add(write_row(std::to_string(writers) + " writers, " + std::to_string(depth) + " in flight each",
                                   result, process_cpu_seconds(server.pid()) - cpu));
    }
    load.use_thread(create_thread(bench.loop, admin, room.session, "Schrijvers open"));
    admin.abort();
    auto cpu = process_cpu_seconds(server.pid());
    auto result = load.open_loop(bench.config.writer_rate, seconds(bench.config.writer_open_seconds), 30);
    bench.report.add(write_row(std::to_string(writers) + " writers, open loop " +
                                   std::to_string(static_cast<int>(bench.config.writer_rate)) + " posts/s",
                               result, process_cpu_seconds(server.pid()) - cpu));
    bench.report.print_scenario(std::cout, "durable writers");
}

}  // namespace kl::bench
