#pragma once
// A small TLS client for integration tests: one-shot HTTPS requests and a WebSocket
// connection that speaks the Kennislab protocol. Certificates are not verified (the
// test server's is self-signed). Every blocking call has a deadline, so a server bug
// fails the test instead of hanging it.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kl::test {

struct HttpResult {
    int status = 0;
    std::multimap<std::string, std::string> headers;  // lower-case names
    std::string body;

    nlohmann::json json() const { return nlohmann::json::parse(body); }
    std::string header(const std::string& name) const;
    // The kl_session value from Set-Cookie, or "".
    std::string login_cookie() const;
};

struct HttpOptions {
    std::string origin = {};        // Origin header, if not empty
    std::string cookie = {};        // kl_session value, if not empty
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers = {};  // more, e.g. X-Forwarded-For (each its own line)
    bool keep_alive = false;
    bool chunked = false;           // the body as one chunk of chunked encoding (no Content-Length)
};

HttpResult https(std::uint16_t port, const std::string& method, const std::string& target,
                 const std::string& body = "", const HttpOptions& options = {});
// One GET with keep-alive over TLS, its answer read, then nothing more sent: how long
// the server keeps the idle connection open (nullopt: still open after limit).
std::optional<std::chrono::milliseconds> https_idle_lifetime(std::uint16_t port, const std::string& target,
                                                             std::chrono::milliseconds limit);
// Connects over TLS, sends head (request line and headers, ending in a blank line) and
// then part of a body, and closes the connection without waiting for an answer: an
// upload cut off halfway.
void https_cut_off(std::uint16_t port, const std::string& head, const std::string& partial_body);
// The same request without TLS, for a server started with --insecure-http.
HttpResult plain_http(std::uint16_t port, const std::string& method, const std::string& target,
                      const std::string& body = "", const HttpOptions& options = {});

struct UpgradeOptions {
    std::string cookie;
    std::string origin;
    std::string subprotocol = "kennislab.v1";
};

// The outcome of a WebSocket connection attempt that failed at the HTTP level.
struct UpgradeRefused {
    int status = 0;
};

class WsClient {
public:
    // Connects and upgrades. Throws UpgradeRefused when the server answers the upgrade
    // with an HTTP error.
    WsClient(std::uint16_t port, const UpgradeOptions& options);
    ~WsClient();
    WsClient(const WsClient&) = delete;
    WsClient& operator=(const WsClient&) = delete;

    void send_text(const std::string& text);
    void send_binary(const std::string& bytes);
    // Sends {"id":<next>,"type":type,...params} and returns the answer to it; frames
    // that are not that answer (events, presence) are kept for next_frame().
    nlohmann::json request(const std::string& type, nlohmann::json params = nlohmann::json::object());
    // The next frame as JSON, or nullopt when the server closed the connection.
    std::optional<nlohmann::json> next_frame(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Frames received while waiting for answers and not yet read with next_frame().
    std::vector<nlohmann::json> take_kept();
    // Reads until the server closes; returns the close code (0 if none was sent).
    int wait_for_close(std::chrono::milliseconds timeout = std::chrono::seconds(10));

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kl::test
