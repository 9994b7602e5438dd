#pragma once
// The whole server: storage, application and network edge wired together. run()
// blocks until SIGINT/SIGTERM (or stop()), then shuts down gracefully: stop accepting,
// close WebSockets with a close frame, finish queued commits, checkpoint the WAL.
#include "server/app/core/clock.hpp"
#include "server/app/core/config.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace kl::net {

class Server {
public:
    // Opens storage (running migrations), loads the web client, binds the listener.
    // Throws on failure (bad certificate, port in use, unreadable database).
    // clock: tests pass a ManualClock; nullptr means the system clock.
    explicit Server(app::ServerConfig config, const app::Clock* clock = nullptr);
    ~Server();

    std::uint16_t port() const;
    const std::string& origin() const;
    // When no user exists yet: the link that creates the first administrator.
    std::string setup_link() const;
    // TLS handshakes under way now, as the cap (--max-tls-handshakes) counts them.
    // Thread-safe.
    std::size_t tls_handshakes_in_progress() const;

    // Serves until a signal or stop(). Returns after the graceful shutdown.
    void run();
    // Thread-safe.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kl::net
