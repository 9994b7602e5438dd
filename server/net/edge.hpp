#pragma once
// What every connection of the network edge needs from the rest of the server.
// Owned by the Server; outlives all connections.
#include "protocol/limits.hpp"
#include "server/app/accounts/accounts.hpp"
#include "server/app/http/http_api.hpp"
#include "server/app/realtime/connection_registry.hpp"
#include "server/app/realtime/dispatcher.hpp"
#include "server/net/static_files.hpp"

#include <openssl/ssl.h>

#include <string>

namespace kl::net {

struct WebSocketLimits {
    std::size_t max_queued_frames = 4096;         // live frames; a client further behind is dropped
    std::size_t max_queued_bytes = 4 * 1024 * 1024;
    int max_bad_frames_in_a_row = 5;              // then close with 1008
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
};

}  // namespace kl::net
