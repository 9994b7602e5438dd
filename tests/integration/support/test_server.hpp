#pragma once
// A real Kennislab server for integration tests: fresh data folder, any free loopback
// port, its own threads. Stopped (gracefully) and removed when the test ends.
#include "server/net/server.hpp"

#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>

namespace kl::test {

class TestServer {
public:
    // clock: a ManualClock for expiry tests; nullptr for the system clock. adjust, if
    // given, changes the configuration before the server starts (e.g. a lower rate limit).
    explicit TestServer(const app::Clock* clock = nullptr, const std::function<void(app::ServerConfig&)>& adjust = {});
    ~TestServer();  // stop() if still running

    std::uint16_t port() const { return server_->port(); }
    const std::string& origin() const { return server_->origin(); }
    std::string setup_token() const;  // from the setup link
    std::string database_path() const { return (dir_ / "data" / "kennislab.db").string(); }
    const std::filesystem::path& dir() const { return dir_; }
    std::size_t tls_handshakes_in_progress() const { return server_->tls_handshakes_in_progress(); }

    // Graceful shutdown; returns when run() has returned.
    void stop();

private:
    std::filesystem::path dir_;
    std::unique_ptr<net::Server> server_;
    std::thread thread_;
    bool stopped_ = false;
};

}  // namespace kl::test
