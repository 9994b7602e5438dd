#pragma once
// HTTPS requests through libcurl (Debian's, built with nghttp2), which speaks HTTP/2
// when the server's ALPN chooses it: how a browser talks to the server. One client
// keeps one connection and reuses it for every request, as a browser does.
#include "test_client.hpp"

#include <cstdint>
#include <string>

namespace kl::test {

class Http2Client {
public:
    // http1: offer only HTTP/1.1 (a client without HTTP/2).
    explicit Http2Client(std::uint16_t port, bool http1 = false);
    ~Http2Client();
    Http2Client(const Http2Client&) = delete;
    Http2Client& operator=(const Http2Client&) = delete;

    // Throws std::runtime_error when the transfer fails (connection reset, timeout).
    HttpResult request(const std::string& method, const std::string& target, const std::string& body = "",
                       const HttpOptions& options = {});
    // The HTTP version of the last answer: 2 or 11.
    int version() const { return version_; }
    // Connections opened so far.
    long connections() const { return connections_; }

private:
    std::uint16_t port_;
    void* curl_;
    int version_ = 0;
    long connections_ = 0;
};

}  // namespace kl::test
