#pragma once
// What every connection of the network edge needs from the rest of the server.
// Owned by the Server; outlives all connections.
#include "protocol/limits.hpp"
#include "server/app/accounts/accounts.hpp"
#include "server/app/http/http_api.hpp"
#include "server/app/realtime/connection_registry.hpp"
#include "server/app/realtime/dispatcher.hpp"
#include "server/net/handshake_slots.hpp"
#include "server/net/static_files.hpp"

#include <openssl/ssl.h>

#include <chrono>
#include <string>

namespace kl::net {

struct WebSocketLimits {
    std::size_t max_queued_frames = 4096;         // live frames; a client further behind is dropped
    std::size_t max_queued_bytes = 4 * 1024 * 1024;
    // Answers and replays not yet written: what the client asked for. Larger than any
    // answer a full session gives (session_limits.hpp) plus one replay (at most 32 MiB,
    // session_verbs.hpp), so a client that reads always gets them; one that does not is
    // dropped here. With the live bound, what one connection can make the server hold.
    std::size_t max_asked_bytes = 64 * 1024 * 1024;
    int max_bad_frames_in_a_row = 5;              // then close with 1008
};

// How long an HTTP connection may take, so that a slow or silent client holds its
// descriptor for a bounded time (a slowloris included): the TLS handshake, a whole
// first request, and a whole later request on a kept-alive connection. Browsers send
// a request at once, so the idle wait between requests is the short one.
struct HttpTimeouts {
    std::chrono::milliseconds handshake{15'000};
    std::chrono::milliseconds request{60'000};
    std::chrono::milliseconds keep_alive{20'000};
};

struct Edge {
    SSL_CTX* tls;  // null: plain HTTP (--insecure-http)
    std::string origin;
    app::HttpApi& api;
    app::Accounts& accounts;
    app::Dispatcher& dispatcher;
    app::ConnectionRegistry& registry;
    const StaticFiles& static_files;
    protocol::Limits protocol_limits;
    WebSocketLimits websocket_limits;
    HttpTimeouts http_timeouts;
    HandshakeSlots* handshakes = nullptr;  // null: no cap on TLS handshakes in progress
};

}  // namespace kl::net
