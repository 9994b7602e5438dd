#include "lab.hpp"

#include <arpa/inet.h>
#include <filesystem>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace kl::bench {

KennislabServer::KennislabServer(ServerOptions options, std::string data_dir, std::uint16_t port)
    : options_(std::move(options)), data_dir_(std::move(data_dir)), port_(port),
      origin_("https://localhost:" + std::to_string(port)) {
    std::filesystem::create_directories(data_dir_);
}

Clock::duration KennislabServer::start() {
    // No per-connection request limit: the scenarios push thousands of requests a
    // second through a few connections (one fan-out sender, 16 to 200 writers) to
    // measure the server, far beyond what the limit allows a browser. No limit per
    // address either: every simulated member connects from 127.0.0.1.
    std::vector<std::string> argv;
    if (options_.descriptor_limit > 0) {
        // prlimit execs the server, so the pid stays the server's own.
        auto limit = std::to_string(options_.descriptor_limit);
        argv = {"prlimit", "--nofile=" + limit + ":" + limit, "--"};
    }
    for (const auto& arg : {options_.binary, std::string("serve"), std::string("--listen"),
                            "127.0.0.1:" + std::to_string(port_), std::string("--data"), data_dir_,
                            std::string("--threads"), std::to_string(options_.threads)})
        argv.push_back(arg);
    if (options_.bench_limits)
        for (const char* arg : {"--request-rate", "0", "--answer-rate-mb", "0", "--max-connections-per-address", "0",
                                 "--new-connections-per-address", "0"}) argv.emplace_back(arg);
    argv.insert(argv.end(), options_.extra_args.begin(), options_.extra_args.end());
    process_ = std::make_unique<ChildProcess>(argv, options_.cpus, data_dir_ + "/server.log");
    // The setup line follows the listening line when no user exists yet.
    auto listening = process_->wait_for_line("listening on", std::chrono::seconds(120));
    if (!listening) throw std::runtime_error("kennislab did not start; see " + data_dir_ + "/server.log");
    auto up = Clock::now() - process_->started_at();
    if (setup_token_.empty()) {
        if (auto line = process_->wait_for_line("/setup?token=", std::chrono::seconds(2))) {
            auto at = line->find("/setup?token=") + 13;
            setup_token_ = line->substr(at, line->find_first_of(" \t\r\n", at) - at);
        }
    }
    return up;
}

void KennislabServer::stop(int signal) {
    if (process_) process_->stop(signal);
}

std::string source_address(std::size_t i) { return "127.0.0." + std::to_string(2 + i % 200); }

namespace {

std::string activation_token(const std::string& url) { return url.substr(url.rfind('/') + 1); }

}  // namespace

People create_people(EventLoop& loop, const KennislabServer& server, std::size_t count) {
    People people;
    HttpRequest setup{"POST", "/api/setup",
                      nlohmann::json{{"token", server.setup_token()},
                                     {"email", "bench-admin@example.org"},
                                     {"display_name", "Bench beheerder"},
                                     {"password", "bench-admin-password-123"}}
                          .dump(),
                      server.origin(), "", "", ""};
    auto reply = https(server.port(), setup);
    if (reply.status != 201) throw std::runtime_error("setup failed: HTTP " + std::to_string(reply.status) + " " + reply.body);
    people.admin = {nlohmann::json::parse(reply.body)["user"]["id"].get<std::string>(), reply.cookie};

    KlClient admin(loop, client_options(server, people.admin, 0));
    open_blocking(loop, admin);
    for (std::size_t i = 0; i < count; ++i) {
        auto created = call(loop, admin, "user.create",
                            {{"email", "bench" + std::to_string(i) + "@example.org"},
                             {"display_name", "Deelnemer " + std::to_string(i)},
                             {"organisation", {{"type", "gemeente"}, {"name", "Gemeente " + std::to_string(i % 7)}}},
                             {"global_role", "member"}});
        // Activation attempts are limited per client address: spread them.
        HttpRequest activate{"POST", "/api/activation/" + activation_token(created["activation_url"]),
                             nlohmann::json{{"password", "bench-password-" + std::to_string(i)}}.dump(), server.origin(),
                             "", source_address(i), ""};
        auto activated = https(server.port(), activate);
        if (activated.status != 200)
            throw std::runtime_error("activation failed: HTTP " + std::to_string(activated.status) + " " + activated.body);
        people.members.push_back({created["user"]["id"].get<std::string>(), activated.cookie});
    }
    admin.abort();
    return people;
}

Room create_room(EventLoop& loop, KlClient& admin, const People& people, const std::string& title) {
    Room room;
    room.session = call(loop, admin, "session.create", {{"title", title}, {"premoderation", false}})["session"]["id"];
    for (const auto& member : people.members)
        call(loop, admin, "member.add", {{"session", room.session}, {"user", member.id}, {"role", "participant"}});
    room.thread = create_thread(loop, admin, room.session, title);
    return room;
}

std::string create_thread(EventLoop& loop, KlClient& admin, const std::string& session, const std::string& title) {
    return call(loop, admin, "thread.create",
                {{"session", session}, {"title", title}, {"kind", "algemeen"}, {"body", "Benchmark"}})["thread"]["id"];
}

WsOptions client_options(const KennislabServer& server, const Account& account, std::size_t index) {
    WsOptions options;
    options.port = server.port();
    options.source_address = source_address(index);
    options.cookie = account.cookie;
    options.origin = server.origin();
    return options;
}

std::uint16_t free_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        close(fd);
        throw std::runtime_error("no free port");
    }
    close(fd);
    return ntohs(address.sin_port);
}

}  // namespace kl::bench
