#pragma once
// One TLS connection speaking HTTP/1.1: API requests, static files, and the upgrade to
// a WebSocket on /ws. One request at a time (no pipelining). A connection whose TLS
// handshake chose HTTP/2 (alpn.hpp) is handed to http2_session.hpp; both answer through
// request_handling.hpp.
#include <boost/asio/ip/tcp.hpp>

#include <memory>

namespace kl::net {

struct Edge;

// Takes over an accepted socket and runs the TLS handshake and the request loop. slot
// (connection_limits.hpp) is released when the connection's descriptor closes.
void start_http_session(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<void> slot, Edge& edge);

}  // namespace kl::net
