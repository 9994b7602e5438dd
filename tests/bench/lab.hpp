#pragma once
// A Kennislab server under test and the people in it: starts `kennislab serve` on a
// data folder, creates the first administrator through the setup token, and creates
// and activates member accounts (their login cookies are all the bench needs: one
// person may hold many WebSocket connections).
#include "child_process.hpp"
#include "kl_client.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kl::bench {

struct ServerOptions {
    std::string binary;        // the kennislab executable
    std::string cpus;          // taskset CPU list for the server
    unsigned threads = 1;      // --threads (network threads)
    // The bench's own limits: no request rate limit and no cap per address (the load
    // scenarios need both off). False: the server's defaults, as in production.
    bool bench_limits = true;
    std::vector<std::string> extra_args;  // more `kennislab serve` flags
    std::size_t descriptor_limit = 0;     // RLIMIT_NOFILE for the server (prlimit); 0: inherited
};

class KennislabServer {
public:
    KennislabServer(ServerOptions options, std::string data_dir, std::uint16_t port);

    // Starts the process and waits for its "listening" line. Returns the time from
    // the start of the process until that line.
    Clock::duration start();
    // Sends signal (SIGTERM: graceful; SIGKILL: crash) and waits for the process to end.
    void stop(int signal);

    pid_t pid() const { return process_ ? process_->pid() : -1; }
    std::uint16_t port() const { return port_; }
    const std::string& origin() const { return origin_; }
    const std::string& data_dir() const { return data_dir_; }
    const std::string& setup_token() const { return setup_token_; }
    Clock::time_point started_at() const { return process_->started_at(); }
    // Whether the server has printed a line containing needle (waiting up to timeout).
    bool logged(std::string_view needle, Clock::duration timeout = Clock::duration::zero()) {
        return process_ && process_->wait_for_line(needle, timeout).has_value();
    }

private:
    ServerOptions options_;
    std::string data_dir_;
    std::uint16_t port_;
    std::string origin_;
    std::string setup_token_;
    std::unique_ptr<ChildProcess> process_;
};

struct Account {
    std::string id;
    std::string cookie;
};

// The people of one server: the administrator and activated members.
struct People {
    Account admin;
    std::vector<Account> members;
};

// Local addresses to connect from, so that tens of thousands of connections do not
// run out of one address's ephemeral ports (and activations spread over the per-
// address attempt limit).
std::string source_address(std::size_t i);

// Creates the administrator (setup token) and count members.
People create_people(EventLoop& loop, const KennislabServer& server, std::size_t count);

// A session with every member as participant, and one thread in it.
struct Room {
    std::string session;
    std::string thread;
};
Room create_room(EventLoop& loop, KlClient& admin, const People& people, const std::string& title);

// Another thread in room's session; its id.
std::string create_thread(EventLoop& loop, KlClient& admin, const std::string& session, const std::string& title);

// Options for a client connection of account to server.
WsOptions client_options(const KennislabServer& server, const Account& account, std::size_t index);

// A free TCP port on 127.0.0.1 (the kernel's choice; free when this returns).
std::uint16_t free_port();

}  // namespace kl::bench
