// Cold start with a large database: fill a server's database through the protocol
// (posts with large bodies) to the configured size, stop it, then start it again and
// time from process start until /healthz answers 200. The "listening" log line is the
// event awaited; /healthz is asked once it is there, and again until it answers.
#include "write_load.hpp"

#include <csignal>
#include <filesystem>
#include <iostream>
#include <stdexcept>

namespace kl::bench {

namespace {

std::uintmax_t database_bytes(const std::string& data_dir) {
    std::uintmax_t total = 0;
    for (const char* suffix : {"", "-wal"}) {
        std::error_code ec;
        auto size = std::filesystem::file_size(data_dir + "/kennislab.db" + suffix, ec);
        if (!ec) total += size;
    }
    return total;
}

}  // namespace

void run_coldstart(Bench& bench) {
    auto server = bench.own_server("coldstart");
    auto people = create_people(bench.loop, *server, 4);
    KlClient admin(bench.loop, client_options(*server, people.admin, 0));
    open_blocking(bench.loop, admin);
    auto room = create_room(bench.loop, admin, people, "Grote database");
    auto target = static_cast<std::uintmax_t>(bench.config.coldstart_megabytes) * 1024 * 1024;
    auto fill_begin = Clock::now();
    {
        WriteLoad fill(bench, *server, people, room.thread, 16);
        constexpr std::size_t body_bytes = 16000;
        // A new thread every batch: the server counts a thread's posts whenever it
        // loads the thread, so one huge thread would make the fill quadratic.
        for (int batch = 0; database_bytes(server->data_dir()) < target; ++batch) {
            fill.use_thread(create_thread(bench.loop, admin, room.session, "Deel " + std::to_string(batch)));
            auto result = fill.closed_loop(std::chrono::minutes(5), 200, 2, body_bytes);
            if (result.errors > 0) throw std::runtime_error("cold start: filling the database failed");
        }
    }
    admin.abort();
    double fill_seconds = std::chrono::duration<double>(Clock::now() - fill_begin).count();
    server->stop(SIGTERM);
    auto size = database_bytes(server->data_dir());

    std::vector<double> listening_ms, healthz_ms;
    for (int trial = 0; trial < bench.config.coldstart_trials; ++trial) {
        auto up = server->start();
        HttpReply reply;
        do reply = https(server->port(), {"GET", "/healthz", "", "", "", "", ""}, std::chrono::seconds(10));
        while (reply.status != 200 && Clock::now() - server->started_at() < std::chrono::seconds(60));
        if (reply.status != 200) throw std::runtime_error("cold start: /healthz did not answer 200");
        healthz_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - server->started_at()).count());
        listening_ms.push_back(std::chrono::duration<double, std::milli>(up).count());
        server->stop(SIGTERM);
    }
    Row row;
    row.scenario = "cold start";
    row.server = "kennislab";
    row.load = std::to_string(size / (1024 * 1024)) + " MB database";
    row.set("fill s", fill_seconds);
    for (std::size_t i = 0; i < healthz_ms.size(); ++i) {
        row.set("run " + std::to_string(i + 1) + " listening ms", listening_ms[i]);
        row.set("run " + std::to_string(i + 1) + " healthz ms", healthz_ms[i]);
    }
    bench.report.add(row);
    bench.report.print_scenario(std::cout, "cold start");
}

}  // namespace kl::bench
