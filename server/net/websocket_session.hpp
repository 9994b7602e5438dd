#pragma once
// A WebSocket connection after a successful upgrade. Everything of Beast's
// websocket::stream stays in websocket_session.cpp; the rest of the server sees only
// app::Client.
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <cstdint>

namespace kl::net {

struct Edge;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

// Accepts the upgrade request on stream for the authenticated user and starts reading.
void start_websocket_session(TlsStream&& stream, boost::beast::http::request<boost::beast::http::string_body> request,
                             std::int64_t user_id, Edge& edge);

}  // namespace kl::net
