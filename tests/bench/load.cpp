// The load scenario: page loads of the demo session in real Chromium with the DevTools
// protocol's network emulation. The browser side is a Node script (load/page-load.mjs,
// playwright-core from tests/e2e/node_modules) that starts its own server with --demo
// and prints its figures as one "LOAD-RESULT {json}" line; here they become rows.
#include "bench.hpp"
#include "child_process.hpp"

#include <algorithm>
#include <csignal>
#include <iostream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>

namespace kl::bench {

namespace {

// kl-bench itself runs pinned to the client's core; the browser, the script and the
// server it starts get every core, as on a real desktop (Chromium renders on its own).
std::string every_cpu() {
    auto cores = std::max(1u, std::thread::hardware_concurrency());
    return cores == 1 ? "0" : "0-" + std::to_string(cores - 1);
}

}  // namespace

void run_load(Bench& bench) {
    const auto& c = bench.config;
    if (c.load_script.empty()) throw std::runtime_error("load: no --load-script (tests/bench/load/page-load.mjs)");
    ChildProcess script({c.node, c.load_script, "--kennislab", c.kennislab, "--trials", std::to_string(c.load_trials),
                         "--print-prefix", "LOAD-RESULT "},
                        every_cpu(), c.work_dir + "/load.log");
    auto line = script.wait_for_line("LOAD-RESULT ", std::chrono::minutes(20));
    int status = script.stop(SIGTERM);
    if (!line) throw std::runtime_error("load: the browser script ended without figures, see " + c.work_dir + "/load.log");
    (void)status;
    auto result = nlohmann::json::parse(line->substr(line->find("LOAD-RESULT ") + 12));
    for (const auto& row : result.at("rows")) {
        const auto& cold = row.at("cold");
        const auto& warm = row.at("warm");
        const auto& targets = row.at("targets");
        // Which targets of tests/bench/README.md this row meets.
        std::string verdict;
        auto check = [&](const char* name, bool met) { verdict += std::string(verdict.empty() ? "" : ", ") + name + (met ? " ok" : " MISSED"); };
        if (targets.contains("cold")) check("cold", cold.at("ms").get<double>() <= targets.at("cold").get<double>());
        if (targets.contains("warm")) check("warm", warm.at("ms").get<double>() <= targets.at("warm").get<double>());
        if (targets.contains("warmKiB")) check("warm KiB", warm.at("kib").get<double>() <= targets.at("warmKiB").get<double>());
        Row out{"load", "kennislab", row.at("network").get<std::string>() + ", " + row.at("page").get<std::string>(), {}};
        out.set("cold ms", cold.at("ms"))
            .set("cold responses", cold.at("responses"))
            .set("cold KiB", cold.at("kib"))
            .set("warm ms", warm.at("ms"))
            .set("warm responses", warm.at("responses"))
            .set("warm from cache", warm.at("from_cache"))
            .set("warm KiB", warm.at("kib"))
            .set("stalled", row.value("stalled", 0))
            .set("targets", verdict);
        bench.report.add(std::move(out));
    }
    bench.report.print_scenario(std::cout, "load");
}

}  // namespace kl::bench
