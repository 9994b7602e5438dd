#pragma once
// What every scenario shares: the settings, the report, the client's event loop, and
// the two servers under test, started on first use: a Kennislab server with its
// people (for the scenarios that do not need a server of their own) and the Node
// ws broadcast peer.
#include "lab.hpp"
#include "net.hpp"
#include "report.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kl::bench {

struct Config {
    std::string kennislab;        // the kennislab executable
    std::string peer_script;      // the Node ws peer's server.js ("" : no peer)
    std::string load_script;      // the load scenario's browser script (load/page-load.mjs)
    int load_trials = 3;          // visits per page and network in the load scenario (medians)
    std::string node = "node";
    std::string server_cpus = "0";
    unsigned server_threads = 1;
    std::string work_dir;         // data folders and server logs
    std::string json_path;
    bool quick = false;
    std::vector<std::string> scenarios;

    std::size_t people = 20;
    std::size_t idle_connections = 50000;
    std::size_t subscribers = 1000;
    std::vector<double> fanout_rates = {20000, 50000, 100000, 200000};  // deliveries per second offered
    double warmup_seconds = 2;
    double measure_seconds = 10;
    std::size_t message_bytes = 30;   // padding in each fan-out message
    std::size_t slow_subscribers = 1000;   // slow consumers: 1% of them stop reading
    double slow_rate = 10000;              // deliveries per second offered
    std::size_t slow_message_bytes = 8192; // padding: large posts fill a stalled client's queue sooner
    std::size_t writers = 200;
    double writer_rate = 5000;        // posts per second for the open-loop write run
    double writer_open_seconds = 10;  // how long the open-loop write run offers that rate
    std::size_t replay_events = 10000;
    int replay_trials = 5;
    std::size_t storm_clients = 10000;       // reconnecting at once
    std::size_t storm_missed_events = 20;    // each missed while away
    bool storm_resume = true;                // offer the TLS session from before the blip
    std::size_t coldstart_megabytes = 1024;
    int coldstart_trials = 3;
    std::size_t export_posts = 10000;  // posts in the session whose report is downloaded
    std::size_t erase_posts = 100000;  // posts in the session the erase scenario erases
    double erase_member_rate = 100;    // posts per second a member sends meanwhile
    double abuse_seconds = 15;        // each phase of the abuse scenario
    std::vector<std::string> abuse_attacks;  // keys of the attacks to run (empty: all)
    int fault_runs = 3;
    double fault_seconds = 4;         // write load before the kill, and again after the restart
};

class Bench {
public:
    explicit Bench(Config config);
    ~Bench();

    Config config;
    Report report;
    EventLoop loop;

    // The shared Kennislab server and its people, started on first use.
    KennislabServer& lab();
    const People& people();
    // The Node ws peer's port (started on first use), or nullopt when there is none.
    std::optional<std::uint16_t> peer_port();
    pid_t peer_pid() const;

    // A new server of its own for a scenario that kills or restarts it.
    std::unique_ptr<KennislabServer> own_server(const std::string& name);
    // The same with options changed from server_options().
    std::unique_ptr<KennislabServer> own_server(const std::string& name, ServerOptions options);
    ServerOptions server_options() const;

private:
    std::unique_ptr<KennislabServer> lab_;
    std::optional<People> people_;
    std::unique_ptr<ChildProcess> peer_;
    std::uint16_t peer_port_ = 0;
};

void run_idle(Bench& bench);
void run_fanout(Bench& bench);
void run_slow(Bench& bench);
void run_writers(Bench& bench);
void run_replay(Bench& bench);
void run_storm(Bench& bench);
void run_coldstart(Bench& bench);
void run_export(Bench& bench);
void run_erase(Bench& bench);
void run_fault(Bench& bench);
void run_abuse(Bench& bench);
void run_load(Bench& bench);

}  // namespace kl::bench
