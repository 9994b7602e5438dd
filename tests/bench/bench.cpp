#include "bench.hpp"

#include <csignal>
#include <stdexcept>

namespace kl::bench {

Bench::Bench(Config c) : config(std::move(c)) {}

Bench::~Bench() {
    if (peer_) peer_->stop(SIGTERM);
    if (lab_) lab_->stop(SIGTERM);
}

ServerOptions Bench::server_options() const {
    ServerOptions options;
    options.binary = config.kennislab;
    options.cpus = config.server_cpus;
    options.threads = config.server_threads;
    return options;
}

std::unique_ptr<KennislabServer> Bench::own_server(const std::string& name) { return own_server(name, server_options()); }

std::unique_ptr<KennislabServer> Bench::own_server(const std::string& name, ServerOptions options) {
    auto server = std::make_unique<KennislabServer>(options, config.work_dir + "/" + name, free_port());
    server->start();
    return server;
}

KennislabServer& Bench::lab() {
    if (!lab_) lab_ = own_server("lab");
    return *lab_;
}

const People& Bench::people() {
    if (!people_) people_ = create_people(loop, lab(), config.people);
    return *people_;
}

std::optional<std::uint16_t> Bench::peer_port() {
    if (config.peer_script.empty()) return std::nullopt;
    if (!peer_) {
        // The peer serves TLS with the certificate Kennislab generated for itself.
        auto& server = lab();
        peer_port_ = free_port();
        peer_ = std::make_unique<ChildProcess>(
            std::vector<std::string>{config.node, config.peer_script, "--port", std::to_string(peer_port_), "--cert",
                                     server.data_dir() + "/cert.pem", "--key", server.data_dir() + "/key.pem"},
            config.server_cpus, config.work_dir + "/ws-peer.log");
        if (!peer_->wait_for_line("listening on", std::chrono::seconds(30)))
            throw std::runtime_error("the Node ws peer did not start; see " + config.work_dir + "/ws-peer.log");
    }
    return peer_port_;
}

pid_t Bench::peer_pid() const { return peer_ ? peer_->pid() : -1; }

}  // namespace kl::bench
