#pragma once
// One TLS connection speaking HTTP/2 (ALPN "h2", alpn.hpp), framed by nghttp2: a
// browser then asks for all the client's modules at once over one connection instead
// of six at a time. This is only an adapter: each stream becomes the same Beast
// request an HTTP/1.1 connection reads, answered by the same handling
// (request_handling.hpp), under the same limits (header and body sizes, uploads
// spooled to a file) and timeouts. The WebSocket stays on HTTP/1.1: the server does
// not offer RFC 8441's extended CONNECT, so a browser opens an HTTP/1.1 connection
// for it.
#include "server/net/tls_socket.hpp"

#include <memory>
#include <string>

namespace kl::net {

struct Edge;

// At most this many streams open at once on one connection (SETTINGS_MAX_CONCURRENT_STREAMS).
inline constexpr unsigned max_http2_streams = 100;

// Takes over a connection whose TLS handshake chose "h2"; address is the peer's.
void start_http2_session(TlsSocket&& stream, std::string address, Edge& edge);

}  // namespace kl::net
