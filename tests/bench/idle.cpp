// Idle connections held: open N authenticated WebSocket connections that then do
// nothing, and read what they cost the server: the growth of its resident memory
// (VmRSS) per connection, and apart from it the kernel's TCP buffer memory (machine-
// wide, so it includes the client's side of every connection).
#include "bench.hpp"
#include "proc_stats.hpp"

#include <sys/resource.h>

#include <iostream>
#include <stdexcept>

namespace kl::bench {

namespace {

// Both the server and this process need one descriptor per connection; keep some
// for everything else.
std::size_t connection_cap() {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    return limit.rlim_cur > 600 ? limit.rlim_cur - 500 : 100;
}

Row hold(Bench& bench, bool kennislab, std::size_t count) {
    pid_t pid = kennislab ? bench.lab().pid() : (bench.peer_port(), bench.peer_pid());
    if (kennislab) bench.people();
    auto rss_before = resident_bytes(pid);
    auto sockets_before = socket_stats();
    std::vector<std::shared_ptr<KlClient>> kl_clients;
    std::vector<std::shared_ptr<WsConnection>> ws_clients;
    std::size_t next = 0, opened = 0, failed = 0;
    std::string first_error;
    auto begin = Clock::now();
    std::function<void()> open_next = [&] {
        if (next >= count) return;
        auto index = next++;
        auto on_open = [&](const std::string& error) {
            ++(error.empty() ? opened : failed);
            if (!error.empty() && first_error.empty()) first_error = error;
            open_next();
        };
        if (kennislab) {
            const auto& members = bench.people().members;
            kl_clients.push_back(std::make_shared<KlClient>(bench.loop, client_options(bench.lab(), members[index % members.size()], index)));
            kl_clients.back()->open(on_open);
        } else {
            WsOptions options;
            options.port = *bench.peer_port();
            options.source_address = source_address(index);
            ws_clients.push_back(WsConnection::create(bench.loop, options));
            ws_clients.back()->open(on_open);
        }
    };
    for (int i = 0; i < 64; ++i) open_next();
    bench.loop.run_until([&] { return opened + failed == count; }, std::chrono::minutes(10));
    double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    auto rss_after = resident_bytes(pid);
    auto sockets_after = socket_stats();

    Row row;
    row.scenario = "idle connections";
    row.server = kennislab ? "kennislab" : "ws-peer";
    row.load = std::to_string(count) + " connections";
    row.set("held", opened).set("failed", failed);
    row.set("opened/s", static_cast<double>(opened + failed) / seconds);
    row.set("RSS before MB", static_cast<double>(rss_before) / 1e6);
    row.set("RSS after MB", static_cast<double>(rss_after) / 1e6);
    row.set("RSS KB/conn", opened ? static_cast<double>(rss_after - rss_before) / 1024.0 / static_cast<double>(opened) : 0.0);
    row.set("kernel TCP KB/conn",
            opened ? static_cast<double>(sockets_after.tcp_memory_bytes - sockets_before.tcp_memory_bytes) / 1024.0 /
                         static_cast<double>(opened)
                   : 0.0);
    if (!first_error.empty()) bench.report.note("idle connections", row.server + ": first failure: " + first_error);
    for (auto& client : kl_clients) client->abort();
    for (auto& client : ws_clients) client->abort();
    return row;
}

}  // namespace

void run_idle(Bench& bench) {
    auto count = bench.config.idle_connections;
    if (count > connection_cap()) {
        rlimit limit{};
        getrlimit(RLIMIT_NOFILE, &limit);
        bench.report.note("idle connections", "capped at " + std::to_string(connection_cap()) +
                                                  " connections by the open-file limit (hard limit " +
                                                  std::to_string(limit.rlim_max) +
                                                  "; raising it needs root with CAP_SYS_RESOURCE)");
        count = connection_cap();
    }
    bench.report.add(hold(bench, true, count));
    if (bench.peer_port()) bench.report.add(hold(bench, false, count));
    bench.report.note("idle connections", "kernel TCP memory is machine-wide: both ends of each loopback connection");
    bench.report.print_scenario(std::cout, "idle connections");
}

}  // namespace kl::bench
