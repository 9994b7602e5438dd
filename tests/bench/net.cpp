// The only file of the bench tool that includes Beast and Asio (see net.hpp).
#include "net.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <cstdlib>
#include <deque>
#include <vector>

namespace kl::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace {

// Certificates are not verified: both servers under test use a self-signed one.
asio::ssl::context& client_tls() {
    static asio::ssl::context context = [] {
        asio::ssl::context c(asio::ssl::context::tls_client);
        c.set_verify_mode(asio::ssl::verify_none);
        return c;
    }();
    return context;
}

tcp::endpoint server_endpoint(std::uint16_t port) { return {asio::ip::make_address("127.0.0.1"), port}; }

// Opens the socket bound to source_address (any port) so that many connections can
// use more than one address's ephemeral ports.
void bind_source(tcp::socket& socket, const std::string& source_address) {
    socket.open(tcp::v4());
    if (!source_address.empty()) socket.bind(tcp::endpoint(asio::ip::make_address(source_address), 0));
}

}  // namespace

struct TlsSession {
    explicit TlsSession(SSL_SESSION* s) : session(s) {}
    ~TlsSession() { SSL_SESSION_free(session); }
    TlsSession(const TlsSession&) = delete;
    TlsSession& operator=(const TlsSession&) = delete;
    SSL_SESSION* session;  // owned
};

struct EventLoop::Impl {
    asio::io_context io{1};
};

EventLoop::EventLoop() : impl_(std::make_unique<Impl>()) {}
EventLoop::~EventLoop() = default;

bool EventLoop::run_until(const std::function<bool()>& done, Clock::duration deadline) {
    auto end = Clock::now() + deadline;
    auto& io = impl_->io;
    while (!done()) {
        if (Clock::now() >= end) return false;
        io.restart();
        // run_one_until returns after one handler or at the deadline; a short slice
        // keeps the deadline check alive when nothing is pending.
        io.run_one_until(std::min(end, Clock::now() + std::chrono::milliseconds(50)));
    }
    return true;
}

void EventLoop::at(Clock::time_point when, std::function<void()> fn) {
    auto timer = std::make_shared<asio::steady_timer>(impl_->io, when);
    timer->async_wait([timer, fn = std::move(fn)](beast::error_code ec) {
        if (!ec) fn();
    });
}

HttpReply https(std::uint16_t port, const HttpRequest& request, std::chrono::milliseconds timeout) {
    asio::io_context io;
    TlsStream stream(io, client_tls());
    HttpReply reply;
    http::request<http::string_body> message{http::string_to_verb(request.method), request.target, 11};
    message.set(http::field::host, "localhost:" + std::to_string(port));
    if (!request.origin.empty()) message.set(http::field::origin, request.origin);
    if (!request.cookie.empty()) message.set(http::field::cookie, "kl_session=" + request.cookie);
    if (!request.forwarded_for.empty()) message.set("X-Forwarded-For", request.forwarded_for);
    if (!request.body.empty()) {
        message.set(http::field::content_type, "application/json");
        message.body() = request.body;
    }
    message.keep_alive(false);
    message.prepare_payload();
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    beast::error_code failed;
    auto& socket = beast::get_lowest_layer(stream).socket();
    bind_source(socket, request.source_address);
    beast::get_lowest_layer(stream).expires_after(timeout);
    SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
    beast::get_lowest_layer(stream).async_connect(server_endpoint(port), [&](beast::error_code ec) {
        if (ec) return void(failed = ec);
        stream.async_handshake(asio::ssl::stream_base::client, [&](beast::error_code ec) {
            if (ec) return void(failed = ec);
            http::async_write(stream, message, [&](beast::error_code ec, std::size_t) {
                if (ec) return void(failed = ec);
                http::async_read(stream, buffer, response, [&](beast::error_code ec, std::size_t) {
                    if (ec) return void(failed = ec);
                    reply.status = static_cast<int>(response.result_int());
                });
            });
        });
    });
    io.run();
    if (failed || reply.status == 0) return HttpReply{};
    reply.body = response.body();
    auto [first, last] = response.base().equal_range(http::field::set_cookie);
    for (auto field = first; field != last; ++field) {
        std::string value(field->value());
        if (value.rfind("kl_session=", 0) == 0) reply.cookie = value.substr(11, value.find(';') - 11);
    }
    return reply;
}

SlowReply slow_download(std::uint16_t port, const HttpRequest& request, std::size_t bytes_per_second,
                        int receive_buffer, const std::function<bool()>& stop) {
    asio::io_context io;
    TlsStream stream(io, client_tls());
    SlowReply reply;
    http::request<http::empty_body> message{http::string_to_verb(request.method), request.target, 11};
    message.set(http::field::host, "localhost:" + std::to_string(port));
    if (!request.origin.empty()) message.set(http::field::origin, request.origin);
    if (!request.cookie.empty()) message.set(http::field::cookie, "kl_session=" + request.cookie);
    message.keep_alive(false);
    std::string head;  // the first bytes, for the status line
    std::string tail;  // the last bytes, for the end of the chunked body
    std::vector<char> piece(std::max<std::size_t>(16, bytes_per_second / 4));
    asio::steady_timer pace(io);
    bool ended = false;
    std::function<void()> read_more = [&] {
        stream.async_read_some(asio::buffer(piece), [&](beast::error_code ec, std::size_t n) {
            reply.bytes += n;
            if (head.size() < 64) head.append(piece.data(), std::min(n, 64 - head.size()));
            tail.append(piece.data(), n);
            if (tail.size() > 16) tail.erase(0, tail.size() - 16);
            if (ec) return void(ended = true);
            // A quarter of a second's worth per quarter second.
            pace.expires_after(std::chrono::milliseconds(250));
            pace.async_wait([&](beast::error_code ec) {
                if (!ec) read_more();
            });
        });
    };
    auto& socket = beast::get_lowest_layer(stream).socket();
    try {
        bind_source(socket, request.source_address);
        if (receive_buffer > 0) socket.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    } catch (const std::exception&) {
        return reply;
    }
    SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
    beast::get_lowest_layer(stream).async_connect(server_endpoint(port), [&](beast::error_code ec) {
        if (ec) return void(ended = true);
        stream.async_handshake(asio::ssl::stream_base::client, [&](beast::error_code ec) {
            if (ec) return void(ended = true);
            http::async_write(stream, message, [&](beast::error_code ec, std::size_t) {
                if (ec) return void(ended = true);
                read_more();
            });
        });
    });
    while (!ended && !stop()) {
        io.restart();
        io.run_for(std::chrono::milliseconds(100));
    }
    reply.ended_by_server = ended;
    if (head.rfind("HTTP/1.1 ", 0) == 0 && head.size() >= 12) reply.status = std::atoi(head.substr(9, 3).c_str());
    reply.complete = tail.find("0\r\n\r\n") != std::string::npos;
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().close(ignored);
    pace.cancel();
    io.restart();
    io.poll();
    return reply;
}

namespace {

class BeastWsConnection final : public WsConnection {
public:
    BeastWsConnection(EventLoop& loop, WsOptions options)
        : ws_(loop.impl().io, client_tls()), options_(std::move(options)) {}

    void open(OnOpen on_open) override {
        on_open_ = std::move(on_open);
        auto& socket = beast::get_lowest_layer(ws_).socket();
        try {
            bind_source(socket, options_.source_address);
            if (options_.receive_buffer_bytes > 0)
                socket.set_option(asio::socket_base::receive_buffer_size(options_.receive_buffer_bytes));
        } catch (const std::exception& e) {
            return fail_open(e.what());
        }
        beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(60));
        beast::get_lowest_layer(ws_).async_connect(
            server_endpoint(options_.port), [self = shared()](beast::error_code ec) { self->on_connect(ec); });
    }

    void on_frame(OnFrame handler) override { on_frame_ = std::move(handler); }
    void on_close(OnClose handler) override { on_close_ = std::move(handler); }

    void send(std::string text) override {
        if (!open_) return;
        queue_.push_back(std::move(text));
        if (queue_.size() == 1) write_next();
    }

    void abort() override {
        // Completions already queued still run: they must find nothing to call back
        // (the owner may be gone by then).
        open_ = false;
        on_close_ = nullptr;
        on_frame_ = nullptr;
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
    }

    void pause_reading() override { paused_ = true; }

    void resume_reading() override {
        paused_ = false;
        if (open_ && !reading_) read_next();
    }

    bool is_open() const override { return open_; }
    std::size_t backlog() const override { return queue_.size(); }

    // TLS 1.3 sends its tickets after the handshake; by the time the upgrade's answer
    // has been read they have arrived, and the session is resumable.
    TlsSessionPtr tls_session() const override {
        auto* ssl = const_cast<websocket::stream<TlsStream, false>&>(ws_).next_layer().native_handle();
        // A copy: the connection's own session is marked not resumable when the
        // connection later ends without a close_notify (an abort, a blip).
        SSL_SESSION* current = SSL_get_session(ssl);
        if (!current || !SSL_SESSION_is_resumable(current)) return nullptr;
        SSL_SESSION* copy = SSL_SESSION_dup(current);
        return copy ? std::make_shared<const TlsSession>(copy) : nullptr;
    }

    bool resumed() const override {
        return SSL_session_reused(const_cast<websocket::stream<TlsStream, false>&>(ws_).next_layer().native_handle()) == 1;
    }

private:
    std::shared_ptr<BeastWsConnection> shared() {
        return std::static_pointer_cast<BeastWsConnection>(shared_from_this());
    }

    void fail_open(const std::string& what) {
        if (auto callback = std::move(on_open_)) callback(what.empty() ? "failed" : what);
    }

    void on_connect(beast::error_code ec) {
        if (ec) return fail_open("connect: " + ec.message());
        beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true));
        SSL_set_tlsext_host_name(ws_.next_layer().native_handle(), "localhost");
        if (options_.resume) SSL_set_session(ws_.next_layer().native_handle(), options_.resume->session);
        ws_.next_layer().async_handshake(asio::ssl::stream_base::client, [self = shared()](beast::error_code ec) {
            if (ec) return self->fail_open("tls: " + ec.message());
            self->upgrade();
        });
    }

    void upgrade() {
        // From here on Beast's own timeouts apply (handshake limit, no idle limit).
        beast::get_lowest_layer(ws_).expires_never();
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
        ws_.set_option(websocket::stream_base::decorator([options = options_](websocket::request_type& request) {
            if (!options.origin.empty()) request.set(http::field::origin, options.origin);
            if (!options.cookie.empty()) request.set(http::field::cookie, "kl_session=" + options.cookie);
            if (!options.subprotocol.empty()) request.set(http::field::sec_websocket_protocol, options.subprotocol);
        }));
        ws_.read_message_max(16 * 1024 * 1024);
        ws_.async_handshake(response_, "localhost:" + std::to_string(options_.port), options_.path,
                            [self = shared()](beast::error_code ec) {
                                if (ec == websocket::error::upgrade_declined)
                                    return self->fail_open("upgrade refused: HTTP " +
                                                           std::to_string(self->response_.result_int()));
                                if (ec) return self->fail_open("upgrade: " + ec.message());
                                self->open_ = true;
                                self->read_next();
                                if (auto callback = std::move(self->on_open_)) callback("");
                            });
    }

    void read_next() {
        reading_ = true;
        ws_.async_read(buffer_, [self = shared()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        reading_ = false;
        if (ec) return closed(ec == websocket::error::closed ? "closed by server (code " +
                                                                  std::to_string(ws_.reason().code) + ")"
                                                            : ec.message());
        if (!open_) return;  // aborted while this frame was on its way
        auto data = buffer_.cdata();
        if (on_frame_) on_frame_(std::string_view(static_cast<const char*>(data.data()), data.size()));
        buffer_.consume(buffer_.size());
        if (open_ && !paused_) read_next();
    }

    void write_next() {
        ws_.text(true);
        ws_.async_write(asio::buffer(queue_.front()), [self = shared()](beast::error_code ec, std::size_t) {
            if (ec) return self->closed("write: " + ec.message());
            self->queue_.pop_front();
            if (!self->queue_.empty() && self->open_) self->write_next();
        });
    }

    void closed(const std::string& reason) {
        if (!open_) return;
        open_ = false;
        queue_.clear();
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
        if (auto callback = std::move(on_close_)) callback(reason);
    }

    websocket::stream<TlsStream, false> ws_;
    WsOptions options_;
    websocket::response_type response_;
    beast::flat_buffer buffer_;
    std::deque<std::string> queue_;
    OnOpen on_open_;
    OnFrame on_frame_;
    OnClose on_close_;
    bool open_ = false;
    bool reading_ = false;  // an async_read is in flight
    bool paused_ = false;
};

}  // namespace

std::shared_ptr<WsConnection> WsConnection::create(EventLoop& loop, WsOptions options) {
    return std::make_shared<BeastWsConnection>(loop, std::move(options));
}

}  // namespace kl::bench
