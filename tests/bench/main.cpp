// kl-bench: measures Kennislab against the targets in tests/bench/README.md and compares it with a
// plain Node ws broadcast server under the same load. See tests/bench/README.md.
#include "bench.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <sys/resource.h>

namespace po = boost::program_options;
using namespace kl::bench;

namespace {

std::vector<double> parse_rates(const std::string& text) {
    std::vector<double> rates;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) rates.push_back(std::stod(item));
    return rates;
}

// The open-file limit bounds how many connections either side can hold: this process
// holds one descriptor per client connection, and the servers it starts inherit the
// limit (Kennislab keeps 128 of its own for the database and files). Raises the soft
// limit to the hard one, and the hard one to what the largest scenario needs where the
// kernel lets it (as root, up to fs.nr_open).
std::size_t descriptor_limit(const Config& c) {
    const rlim_t needed = std::max({c.idle_connections, c.storm_clients, c.subscribers, c.slow_subscribers}) + 1024;
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < needed) {
        rlimit raised{needed, needed};
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) return needed;
    }
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
    return limit.rlim_cur;
}

// Applies --quick: every scenario briefly, the whole run within a few minutes.
void make_quick(Config& c, const po::variables_map& given) {
    auto unset = [&](const char* name) { return given[name].defaulted(); };
    if (unset("idle")) c.idle_connections = 2000;
    if (unset("rates")) c.fanout_rates = {20000, 50000, 100000};
    // 1 stalled of 100: the same deliveries per second are ten times the posts per
    // second, so a stalled client reaches the queue limit in 10 s instead of 100.
    if (unset("slow-subscribers")) c.slow_subscribers = 100;
    if (unset("warmup")) c.warmup_seconds = 1;
    if (unset("measure")) c.measure_seconds = 4;
    if (unset("writer-seconds")) c.writer_open_seconds = 1;
    if (unset("replay-trials")) c.replay_trials = 3;
    if (unset("storm-clients")) c.storm_clients = 2000;
    if (unset("coldstart-mb")) c.coldstart_megabytes = 200;
    if (unset("coldstart-trials")) c.coldstart_trials = 2;
    if (unset("fault-runs")) c.fault_runs = 2;
    if (unset("fault-seconds")) c.fault_seconds = 2;
    if (unset("abuse-seconds")) c.abuse_seconds = 5;
    if (unset("load-trials")) c.load_trials = 1;
    if (unset("erase-posts")) c.erase_posts = 10000;
}

}  // namespace

int main(int argc, char** argv) {
    Config c;
    std::string rates = "20000,50000,100000,200000";
    std::string scenarios = "idle,fanout,slow,writers,replay,storm,coldstart,export,erase,fault,abuse,load";
    std::string abuse_attacks;
    po::options_description options("kl-bench");
    options.add_options()
        ("help", "show this help")
        ("kennislab", po::value(&c.kennislab)->required(), "the kennislab executable")
        ("peer", po::value(&c.peer_script), "the Node ws broadcast peer's server.js (none: Kennislab only)")
        ("node", po::value(&c.node)->default_value("node"), "the node executable")
        ("load-script", po::value(&c.load_script), "the load scenario's browser script (tests/bench/load/page-load.mjs)")
        ("load-trials", po::value(&c.load_trials)->default_value(c.load_trials), "visits per page and network in the load scenario (medians)")
        ("server-cpus", po::value(&c.server_cpus)->default_value("0"), "taskset CPU list for the servers under test")
        ("server-threads", po::value(&c.server_threads)->default_value(1), "kennislab --threads")
        ("work-dir", po::value(&c.work_dir)->required(), "folder for data folders and server logs (emptied first)")
        ("json", po::value(&c.json_path), "also write the results as JSON to this file")
        ("quick", po::bool_switch(&c.quick), "every scenario briefly (a few minutes in all)")
        ("scenarios", po::value(&scenarios)->default_value(scenarios), "comma-separated: idle,fanout,slow,writers,replay,storm,coldstart,export,erase,fault,abuse,load")
        ("people", po::value(&c.people)->default_value(c.people), "member accounts (connections are spread over them)")
        ("idle", po::value(&c.idle_connections)->default_value(c.idle_connections), "idle connections to hold")
        ("subscribers", po::value(&c.subscribers)->default_value(c.subscribers), "fan-out receivers")
        ("rates", po::value(&rates)->default_value(rates), "fan-out deliveries per second to offer, comma-separated")
        ("warmup", po::value(&c.warmup_seconds)->default_value(c.warmup_seconds), "seconds of load before measuring")
        ("measure", po::value(&c.measure_seconds)->default_value(c.measure_seconds), "seconds measured per load step")
        ("message-bytes", po::value(&c.message_bytes)->default_value(c.message_bytes), "padding per fan-out message")
        ("slow-subscribers", po::value(&c.slow_subscribers)->default_value(c.slow_subscribers), "slow-consumer receivers (1% of them stop reading)")
        ("slow-rate", po::value(&c.slow_rate)->default_value(c.slow_rate), "slow-consumer deliveries per second to offer")
        ("slow-message-bytes", po::value(&c.slow_message_bytes)->default_value(c.slow_message_bytes), "padding per slow-consumer message")
        ("writers", po::value(&c.writers)->default_value(c.writers), "concurrent durable writers")
        ("writer-rate", po::value(&c.writer_rate)->default_value(c.writer_rate), "posts per second of the open-loop write step")
        ("writer-seconds", po::value(&c.writer_open_seconds)->default_value(c.writer_open_seconds), "seconds the open-loop write step offers its rate")
        ("replay-events", po::value(&c.replay_events)->default_value(c.replay_events), "missed events to replay")
        ("replay-trials", po::value(&c.replay_trials)->default_value(c.replay_trials), "replays measured")
        ("storm-clients", po::value(&c.storm_clients)->default_value(c.storm_clients), "clients in the reconnect storm")
        ("storm-missed", po::value(&c.storm_missed_events)->default_value(c.storm_missed_events), "events each storm client missed")
        ("storm-resume", po::value(&c.storm_resume)->default_value(c.storm_resume), "storm clients offer the TLS session they had before the blip (false: full handshakes)")
        ("coldstart-mb", po::value(&c.coldstart_megabytes)->default_value(c.coldstart_megabytes), "database size for the cold start")
        ("export-posts", po::value(&c.export_posts)->default_value(c.export_posts), "posts in the session the export scenario downloads")
        ("erase-posts", po::value(&c.erase_posts)->default_value(c.erase_posts), "posts in the session the erase scenario erases")
        ("erase-member-rate", po::value(&c.erase_member_rate)->default_value(c.erase_member_rate), "posts per second a member sends while the session is erased")
        ("coldstart-trials", po::value(&c.coldstart_trials)->default_value(c.coldstart_trials), "cold starts measured")
        ("fault-runs", po::value(&c.fault_runs)->default_value(c.fault_runs), "kill-and-restart runs")
        ("abuse-seconds", po::value(&c.abuse_seconds)->default_value(c.abuse_seconds), "seconds of each abuse phase (each quiet yardstick and each attack)")
        ("abuse-attacks", po::value(&abuse_attacks), "comma-separated abuse attacks to run (default all): login-one,login-many,replay,presence,connections,exports,oversized")
        ("fault-seconds", po::value(&c.fault_seconds)->default_value(c.fault_seconds), "write load before the kill and after the restart");
    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, options), vm);
        if (vm.count("help")) {
            std::cout << options;
            return 0;
        }
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "kl-bench: " << e.what() << "\n" << options;
        return 2;
    }
    c.fanout_rates = parse_rates(rates);
    if (c.quick) make_quick(c, vm);
    std::stringstream list(scenarios);
    for (std::string name; std::getline(list, name, ',');) c.scenarios.push_back(name);
    std::stringstream attacks(abuse_attacks);
    for (std::string name; std::getline(attacks, name, ',');)
        if (!name.empty()) c.abuse_attacks.push_back(name);

    auto limit = descriptor_limit(c);
    std::filesystem::remove_all(c.work_dir);
    std::filesystem::create_directories(c.work_dir);

    nlohmann::json settings = {{"quick", c.quick}, {"server_cpus", c.server_cpus}, {"server_threads", c.server_threads},
                               {"people", c.people}, {"idle_connections", c.idle_connections},
                               {"subscribers", c.subscribers}, {"fanout_rates", c.fanout_rates},
                               {"warmup_seconds", c.warmup_seconds}, {"measure_seconds", c.measure_seconds},
                               {"message_bytes", c.message_bytes},
                               {"slow_subscribers", c.slow_subscribers}, {"slow_rate", c.slow_rate},
                               {"slow_message_bytes", c.slow_message_bytes}, {"writers", c.writers}, {"writer_rate", c.writer_rate},
                               {"replay_events", c.replay_events}, {"storm_clients", c.storm_clients}, {"storm_resume", c.storm_resume}, {"coldstart_megabytes", c.coldstart_megabytes},
                               {"fault_runs", c.fault_runs}, {"abuse_seconds", c.abuse_seconds}, {"descriptor_limit", limit}};
    Bench bench(c);
    const std::map<std::string, void (*)(Bench&)> runners = {
        {"idle", run_idle},     {"fanout", run_fanout},       {"slow", run_slow},           {"writers", run_writers},
        {"replay", run_replay}, {"storm", run_storm},         {"coldstart", run_coldstart}, {"export", run_export}, {"erase", run_erase}, {"fault", run_fault},
        {"abuse", run_abuse},   {"load", run_load}};
    int status = 0;
    for (const auto& name : bench.config.scenarios) {
        auto runner = runners.find(name);
        if (runner == runners.end()) {
            std::cerr << "kl-bench: unknown scenario " << name << "\n";
            return 2;
        }
        std::cerr << "== " << name << "\n";
        try {
            runner->second(bench);
        } catch (const std::exception& e) {
            std::cerr << "kl-bench: " << name << " failed: " << e.what() << "\n";
            bench.report.note(name, std::string("FAILED: ") + e.what());
            status = 1;
        }
    }
    std::cout << "\n# Summary\n";
    bench.report.print(std::cout);
    if (!c.json_path.empty()) bench.report.write_json(c.json_path, settings);
    return status;
}
