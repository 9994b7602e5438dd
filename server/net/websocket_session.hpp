#pragma once
// A WebSocket connection after a successful upgrade. Everything of Beast's
// websocket::stream stays in websocket_session.cpp; the rest of the server sees only
// app::Client.
#include "server/net/tls_socket.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstdint>
#include <string>

namespace kl::net {

struct Edge;
using TlsStream = TlsSocket;

// Accepts the upgrade request on stream for the authenticated user and starts reading.
// login: the token hash of the login it was opened with (a logout closes it).
void start_websocket_session(TlsStream&& stream, boost::beast::http::request<boost::beast::http::string_body> request,
                             std::int64_t user_id, std::string login, Edge& edge);

}  // namespace kl::net
