#pragma once
// The benchmark's network layer: an event loop, one-shot HTTPS requests and
// asynchronous TLS WebSocket connections. This header keeps Boost out of every other
// file of the tool (net.cpp is the only one that sees Beast), so the tool builds fast.
//
// Everything runs on one thread: the loop's. Callbacks run on it, in the order the
// network delivers, and a connection's methods may only be called from it.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace kl::bench {

using Clock = std::chrono::steady_clock;

class EventLoop {
public:
    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // Runs handlers until done() is true (checked after each one) or the deadline
    // passes; false on timeout.
    bool run_until(const std::function<bool()>& done, Clock::duration deadline);
    // Calls fn at (or as soon as possible after) when, on the loop's thread.
    void at(Clock::time_point when, std::function<void()> fn);

    struct Impl;
    Impl& impl() { return *impl_; }

private:
    std::unique_ptr<Impl> impl_;
};

struct HttpReply {
    int status = 0;  // 0: no connection (refused, reset, timed out)
    std::string body;
    std::string cookie;  // the kl_session value from Set-Cookie, if any
};

struct HttpRequest {
    std::string method = "GET";
    std::string target = "/";
    std::string body;           // sent as application/json when not empty
    std::string origin;         // Origin header when not empty
    std::string cookie;         // kl_session when not empty
    std::string source_address; // bind to this local address (e.g. 127.0.0.7) when not empty
    std::string forwarded_for;  // X-Forwarded-For when not empty (a server that trusts this proxy)
};

// A blocking one-shot HTTPS request to 127.0.0.1:port with its own loop; status 0 when
// no connection could be made within the timeout.
HttpReply https(std::uint16_t port, const HttpRequest& request,
                std::chrono::milliseconds timeout = std::chrono::seconds(30));

// A download read slowly: what a client behind a poor link (or one that means harm)
// does to a long answer.
struct SlowReply {
    int status = 0;              // from the status line; 0: no answer (refused, reset)
    std::uint64_t bytes = 0;     // read in all, headers included
    bool complete = false;       // the last chunk of a chunked answer arrived
    bool ended_by_server = false;  // the server closed before the client stopped
};

// Sends request over TLS, then reads at most bytes_per_second until stop() is true
// (checked every 100 ms) or the server ends the answer. The receive buffer is fixed
// at receive_buffer bytes, so that the kernel does not read ahead for the client.
SlowReply slow_download(std::uint16_t port, const HttpRequest& request, std::size_t bytes_per_second,
                        int receive_buffer, const std::function<bool()>& stop);

// A TLS session the server gave a client (in TLS 1.3 its session ticket). Offered
// again on a later connection, the server resumes it instead of a full handshake, as
// a browser that comes back does. Opaque here: net.cpp holds the OpenSSL object.
struct TlsSession;
using TlsSessionPtr = std::shared_ptr<const TlsSession>;

struct WsOptions {
    std::uint16_t port = 0;
    std::string source_address;  // bind before connecting, to spread the ports over addresses
    std::string path = "/ws";
    std::string cookie;          // kl_session when not empty
    std::string origin;          // Origin header when not empty
    std::string subprotocol;     // Sec-WebSocket-Protocol when not empty
    // SO_RCVBUF, set before connecting: a fixed receive window. 0: the kernel's autotuning.
    int receive_buffer_bytes = 0;
    TlsSessionPtr resume;        // offer this session (null: a full handshake)
};

// One TLS WebSocket client. Text frames go out in order with one write in flight;
// received frames are handed to on_frame as a view that is valid during the call.
class WsConnection : public std::enable_shared_from_this<WsConnection> {
public:
    using OnOpen = std::function<void(const std::string& error)>;  // empty error: open
    using OnFrame = std::function<void(std::string_view frame)>;
    using OnClose = std::function<void(const std::string& reason)>;

    static std::shared_ptr<WsConnection> create(EventLoop& loop, WsOptions options);
    virtual ~WsConnection() = default;

    // Connects, handshakes TLS and upgrades; then reads until the connection ends.
    virtual void open(OnOpen on_open) = 0;
    virtual void on_frame(OnFrame handler) = 0;
    virtual void on_close(OnClose handler) = 0;
    virtual void send(std::string text) = 0;
    // Stops reading from the socket after the frame being read (a client that stalls:
    // the kernel buffers, then the server's queue fill up); resume reads on.
    virtual void pause_reading() = 0;
    virtual void resume_reading() = 0;
    // Drops the connection at once (no close handshake); on_close is not called.
    virtual void abort() = 0;
    virtual bool is_open() const = 0;
    // Frames queued but not yet written.
    virtual std::size_t backlog() const = 0;
    // Once open: the session to offer on the next connection (null when the server
    // gave none that can be resumed), and whether this connection resumed one.
    virtual TlsSessionPtr tls_session() const = 0;
    virtual bool resumed() const = 0;
};

}  // namespace kl::bench
