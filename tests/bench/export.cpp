// The session report of a large session: fill a session with export_posts posts
// through the protocol, then download the report as HTML and as Markdown and measure
// how long it takes and how much the server's resident memory grows at its peak. The
// report is streamed, so the peak should stay far below the report's size.
#include "proc_stats.hpp"
#include "write_load.hpp"

#include <csignal>
#include <iostream>
#include <stdexcept>

namespace kl::bench {

void run_export(Bench& bench) {
    auto server = bench.own_server("export");
    auto people = create_people(bench.loop, *server, 4);
    KlClient admin(bench.loop, client_options(*server, people.admin, 0));
    open_blocking(bench.loop, admin);
    auto room = create_room(bench.loop, admin, people, "Groot verslag");
    fill_session(bench, *server, people, admin, room, bench.config.export_posts);
    for (const std::string format : {"html", "md"}) {
        auto before = resident_bytes(server->pid());
        bool peak_reset = reset_peak_resident(server->pid());
        auto begin = Clock::now();
        auto reply = https(server->port(),
                           {"GET", "/api/sessions/" + room.session + "/export?format=" + format, "", "",
                            people.admin.cookie, "", ""},
                           std::chrono::minutes(5));
        double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
        if (reply.status != 200) throw std::runtime_error("export: the download answered " + std::to_string(reply.status));
        Row row;
        row.scenario = "export";
        row.server = "kennislab";
        row.load = std::to_string(bench.config.export_posts) + " posts, " + format;
        row.set("report MB", static_cast<double>(reply.body.size()) / (1024 * 1024));
        row.set("time s", seconds);
        row.set("RSS before MB", static_cast<double>(before) / (1024 * 1024));
        if (peak_reset)
            row.set("peak RSS growth MB",
                    static_cast<double>(peak_resident_bytes(server->pid()) - before) / (1024 * 1024));
        bench.report.add(row);
    }
    admin.abort();
    server->stop(SIGTERM);
    bench.report.print_scenario(std::cout, "export");
}

}  // namespace kl::bench
