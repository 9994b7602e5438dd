#pragma once
// The shared machinery every part of the application uses: storage access, the
// clock, the connection registry and the server's configuration. Owned by the
// server; handed to the application parts by reference.
#include "server/app/core/blocking_pool.hpp"
#include "server/app/core/clock.hpp"
#include "server/app/core/config.hpp"
#include "server/app/core/password_hasher.hpp"
#include "server/app/realtime/connection_registry.hpp"
#include "storage/writer.hpp"

namespace kl::app {

namespace mail {
class Mailer;
}

struct Services {
    ServerConfig config;
    std::string origin;                // the effective origin, e.g. https://localhost:8443
    storage::Writer& writer;
    BlockingPool& pool;                // reads; Argon2 runs on the hashing pool (Features::hashing_pool)
    const Clock& clock;
    ConnectionRegistry& registry;
    Argon2Parameters argon2;
    // Set by the mail feature when --smtp is given; nullptr: nothing is mailed (mail/outbox.hpp).
    mail::Mailer* mailer = nullptr;

    std::int64_t now() const { return clock.now().time_since_epoch().count(); }
};

}  // namespace kl::app
