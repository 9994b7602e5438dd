#include "test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <deque>
#include <stdexcept>

namespace kl::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace {

constexpr auto default_deadline = std::chrono::seconds(10);

asio::ssl::context& client_tls() {
    static asio::ssl::context context = [] {
        asio::ssl::context c(asio::ssl::context::tls_client);
        c.set_verify_mode(asio::ssl::verify_none);
        return c;
    }();
    return context;
}

// Runs the io_context until done is set or the deadline passes; on timeout cancels
// everything on the socket and throws.
void run_until(asio::io_context& io, const bool& done, tcp::socket& socket,
               std::chrono::milliseconds deadline = default_deadline) {
    io.restart();
    io.run_for(deadline);
    if (!done) {
        beast::error_code ignored;
        socket.close(ignored);  // aborts every pending operation, TLS teardown included
        io.restart();
        io.run();
        throw std::runtime_error("timed out waiting for the server");
    }
}

void check(beast::error_code ec, const char* what) {
    if (ec) throw std::runtime_error(std::string(what) + ": " + ec.message());
}

void connect_tls(asio::io_context& io, TlsStream& stream, std::uint16_t port) {
    bool done = false;
    beast::error_code result;
    beast::get_lowest_layer(stream).async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                                  [&](beast::error_code ec) {
                                                      result = ec;
                                                      done = true;
                                                  });
    run_until(io, done, beast::get_lowest_layer(stream).socket());
    check(result, "connect");
    beast::get_lowest_layer(stream).socket().set_option(tcp::no_delay(true));
    SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
    done = false;
    stream.async_handshake(asio::ssl::stream_base::client, [&](beast::error_code ec) {
        result = ec;
        done = true;
    });
    run_until(io, done, beast::get_lowest_layer(stream).socket());
    check(result, "tls handshake");
}

HttpResult to_result(const http::response<http::string_body>& response) {
    HttpResult result;
    result.status = static_cast<int>(response.result_int());
    for (const auto& field : response) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        result.headers.emplace(name, std::string(field.value()));
    }
    result.body = response.body();
    return result;
}

}  // namespace

std::string HttpResult::header(const std::string& name) const {
    auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
}

std::string HttpResult::login_cookie() const {
    auto [first, last] = headers.equal_range("set-cookie");
    for (auto it = first; it != last; ++it) {
        const auto& value = it->second;
        if (value.rfind("kl_session=", 0) == 0) return value.substr(11, value.find(';') - 11);
    }
    return {};
}

namespace {

void connect_plain(asio::io_context& io, beast::tcp_stream& stream, std::uint16_t port) {
    bool done = false;
    beast::error_code result;
    stream.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
        result = ec;
        done = true;
    });
    run_until(io, done, stream.socket());
    check(result, "connect");
}

// One request and its answer on a connected stream (TLS or plain).
template <class Stream>
HttpResult exchange(asio::io_context& io, Stream& stream, std::uint16_t port, const std::string& method,
                    const std::string& target, const std::string& body, const HttpOptions& options) {
    http::request<http::string_body> request{http::string_to_verb(method), target, 11};
    request.set(http::field::host, "localhost:" + std::to_string(port));
    if (!options.origin.empty()) request.set(http::field::origin, options.origin);
    if (!options.cookie.empty()) request.set(http::field::cookie, "kl_session=" + options.cookie);
    for (const auto& [name, value] : options.headers) request.insert(name, value);
    if (!body.empty() || method == "POST") {
        request.set(http::field::content_type, options.content_type);
        request.body() = body;
    }
    request.keep_alive(options.keep_alive);
    request.prepare_payload();
    if (options.chunked) request.chunked(true);
    bool done = false;
    beast::error_code result;
    http::async_write(stream, request, [&](beast::error_code ec, std::size_t) {
        result = ec;
        done = true;
    });
    run_until(io, done, beast::get_lowest_layer(stream).socket());
    // A server refusing an oversized body answers and closes before it has read it
    // all: the write may fail while the answer is already waiting to be read.
    auto write_error = result;
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(16 * 1024 * 1024);
    if (method == "HEAD") parser.skip(true);  // its Content-Length is the GET's, with no body
    done = false;
    http::async_read(stream, buffer, parser, [&](beast::error_code ec, std::size_t) {
        result = ec;
        done = true;
    });
    run_until(io, done, beast::get_lowest_layer(stream).socket());
    check(result ? result : beast::error_code(), write_error ? "http write" : "http read");
    return to_result(parser.get());
}

}  // namespace

HttpResult https(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                 const HttpOptions& options) {
    asio::io_context io;
    TlsStream stream(io, client_tls());
    connect_tls(io, stream, port);
    return exchange(io, stream, port, method, target, body, options);
}

void https_cut_off(std::uint16_t port, const std::string& head, const std::string& partial_body) {
    asio::io_context io;
    TlsStream stream(io, client_tls());
    connect_tls(io, stream, port);
    auto bytes = head + partial_body;
    bool done = false;
    beast::error_code result;
    asio::async_write(stream, asio::buffer(bytes), [&](beast::error_code ec, std::size_t) {
        result = ec;
        done = true;
    });
    run_until(io, done, beast::get_lowest_layer(stream).socket());
    check(result, "write");
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().close(ignored);
}

std::optional<std::chrono::milliseconds> https_idle_lifetime(std::uint16_t port, const std::string& target,
                                                             std::chrono::milliseconds limit) {
    asio::io_context io;
    TlsStream stream(io, client_tls());
    connect_tls(io, stream, port);
    HttpOptions options;
    options.keep_alive = true;
    auto answer = exchange(io, stream, port, "GET", target, "", options);
    if (answer.status != 200) throw std::runtime_error("the first request failed: " + std::to_string(answer.status));
    auto idle_from = std::chrono::steady_clock::now();
    bool closed = false;
    char byte = 0;
    // The server sends nothing more until it closes: the read ends with the close.
    stream.async_read_some(asio::buffer(&byte, 1), [&](beast::error_code, std::size_t) { closed = true; });
    io.restart();
    io.run_for(limit);
    auto lifetime = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - idle_from);
    if (!closed) {
        beast::error_code ignored;
        beast::get_lowest_layer(stream).socket().close(ignored);
        io.restart();
        io.run();
        return std::nullopt;
    }
    return lifetime;
}

HttpResult plain_http(std::uint16_t port, const std::string& method, const std::string& target,
                      const std::string& body, const HttpOptions& options) {
    asio::io_context io;
    beast::tcp_stream stream(io);
    connect_plain(io, stream, port);
    return exchange(io, stream, port, method, target, body, options);
}

struct WsClient::Impl {
    asio::io_context io;
    websocket::stream<TlsStream> ws{io, client_tls()};
    beast::flat_buffer buffer;
    std::deque<nlohmann::json> kept;
    int next_id = 1;
    bool closed = false;

    tcp::socket& socket() { return beast::get_lowest_layer(ws).socket(); }

    // Reads one frame; nullopt when the connection closed.
    std::optional<std::string> read(std::chrono::milliseconds deadline) {
        if (closed) return std::nullopt;
        bool done = false;
        beast::error_code result;
        ws.async_read(buffer, [&](beast::error_code ec, std::size_t) {
            result = ec;
            done = true;
        });
        run_until(io, done, socket(), deadline);
        if (result) {
            closed = true;
            return std::nullopt;
        }
        std::string text = beast::buffers_to_string(buffer.data());
        buffer.consume(buffer.size());
        return text;
    }

    void write(const std::string& data, bool text) {
        ws.text(text);
        bool done = false;
        beast::error_code result;
        ws.async_write(asio::buffer(data), [&](beast::error_code ec, std::size_t) {
            result = ec;
            done = true;
        });
        run_until(io, done, socket());
        check(result, "websocket write");
    }
};

WsClient::WsClient(std::uint16_t port, const UpgradeOptions& options) : impl_(std::make_unique<Impl>()) {
    auto& ws = impl_->ws;
    connect_tls(impl_->io, ws.next_layer(), port);
    ws.set_option(websocket::stream_base::decorator([options](websocket::request_type& request) {
        if (!options.origin.empty()) request.set(http::field::origin, options.origin);
        if (!options.cookie.empty()) request.set(http::field::cookie, "kl_session=" + options.cookie);
        if (!options.subprotocol.empty()) request.set(http::field::sec_websocket_protocol, options.subprotocol);
    }));
    ws.read_message_max(16 * 1024 * 1024);
    websocket::response_type response;
    bool done = false;
    beast::error_code result;
    ws.async_handshake(response, "localhost:" + std::to_string(port), "/ws", [&](beast::error_code ec) {
        result = ec;
        done = true;
    });
    run_until(impl_->io, done, impl_->socket());
    if (result == websocket::error::upgrade_declined) throw UpgradeRefused{static_cast<int>(response.result_int())};
    check(result, "websocket handshake");
}

WsClient::~WsClient() {
    beast::error_code ignored;
    impl_->socket().close(ignored);
}

void WsClient::send_text(const std::string& text) { impl_->write(text, true); }
void WsClient::send_binary(const std::string& bytes) { impl_->write(bytes, false); }

nlohmann::json WsClient::request(const std::string& type, nlohmann::json params) {
    auto id = std::to_string(impl_->next_id++);
    params["id"] = id;
    params["type"] = type;
    send_text(params.dump());
    for (;;) {
        auto frame = impl_->read(default_deadline);
        if (!frame) throw std::runtime_error("connection closed while waiting for the answer to " + type);
        auto json = nlohmann::json::parse(*frame);
        if (json.contains("re") && json["re"] == id) return json;
        impl_->kept.push_back(std::move(json));
    }
}

std::optional<nlohmann::json> WsClient::next_frame(std::chrono::milliseconds timeout) {
    if (!impl_->kept.empty()) {
        auto json = std::move(impl_->kept.front());
        impl_->kept.pop_front();
        return json;
    }
    auto frame = impl_->read(timeout);
    if (!frame) return std::nullopt;
    return nlohmann::json::parse(*frame);
}

std::vector<nlohmann::json> WsClient::take_kept() {
    std::vector<nlohmann::json> frames(impl_->kept.begin(), impl_->kept.end());
    impl_->kept.clear();
    return frames;
}

int WsClient::wait_for_close(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (impl_->read(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()))) {
    }
    return impl_->ws.reason().code;
}

}  // namespace kl::test
