// Fan-out: one session, many subscribers, one open-loop sender (fanout_load.hpp), at
// each offered rate in turn, against Kennislab and against the plain Node ws
// broadcast peer.
#include "fanout_load.hpp"

#include <cstdio>
#include <iostream>

namespace kl::bench {

namespace {

Row fanout_row(const FanoutStep& step, bool kennislab, double deliveries_per_second) {
    double cpu = step.server_cpu_seconds;
    double wall = step.measure_seconds;
    Row row;
    row.scenario = "fan-out";
    row.server = kennislab ? "kennislab" : "ws-peer";
    char load[96];
    std::snprintf(load, sizeof load, "%zu subs x %.0f msg/s = %.0fk/s", step.receivers, step.posts_per_second,
                  deliveries_per_second / 1000);
    row.load = load;
    row.set("delivered/s", static_cast<double>(step.in_window) / wall);
    row.latencies(step.latency);
    auto lost = step.expected > step.received ? step.expected - step.received : 0;
    row.set("lost", lost).set("gaps", step.gaps).set("dups", step.duplicates).set("dropped", step.closed);
    if (kennislab) row.set("post errors", step.errors);
    row.set("srv CPU %", 100 * cpu / wall);
    row.set("srv us/deliv", step.in_window ? cpu * 1e6 / static_cast<double>(step.in_window) : 0.0);
    row.set("client CPU %", 100 * step.own_cpu_seconds / wall);
    if (kennislab) row.latencies(step.ack_latency, "ack ");
    return row;
}

}  // namespace

void run_fanout(Bench& bench) {
    const auto& config = bench.config;
    for (bool kennislab : {true, false}) {
        if (!kennislab && !bench.peer_port()) continue;
        auto load = kennislab ? std::make_unique<FanoutLoad>(bench, bench.lab(), bench.people(), config.message_bytes)
                              : std::make_unique<FanoutLoad>(bench, config.message_bytes);
        double setup = load->connect(config.subscribers);
        bench.report.note("fan-out", std::string(kennislab ? "kennislab" : "ws-peer") + ": " +
                                         std::to_string(config.subscribers) + " receivers connected" +
                                         (kennislab ? " and subscribed" : "") + " in " + std::to_string(setup) + " s");
        for (double rate : config.fanout_rates)
            bench.report.add(fanout_row(load->step(rate, config.warmup_seconds, config.measure_seconds), kennislab, rate));
    }
    bench.report.print_scenario(std::cout, "fan-out");
}

}  // namespace kl::bench
