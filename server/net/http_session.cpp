#include "server/net/http_session.hpp"

#include "protocol/vocabulary.hpp"
#include "server/app/core/crypto.hpp"
#include "server/app/http/cookies.hpp"
#include "server/net/edge.hpp"
#include "server/net/security_headers.hpp"
#include "server/net/websocket_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <spdlog/spdlog.h>

#include <chrono>

namespace kl::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t max_body_bytes = 64 * 1024;
constexpr std::uint32_t max_header_bytes = 16 * 1024;

using Response = http::response<http::string_body>;

// True when a comma-separated header lists token (e.g. Sec-WebSocket-Protocol).
bool header_lists(beast::string_view header, std::string_view token) {
    while (!header.empty()) {
        auto comma = header.find(',');
        auto item = header.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item == token) return true;
        if (comma == beast::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    return false;
}

class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    ~HttpSession() {
        if (body_) body_->cancel();  // the connection ended before the body did
    }

    HttpSession(asio::ip::tcp::socket&& socket, Edge& edge) : stream_(std::move(socket), edge.tls, edge.handshakes), edge_(edge) {
        beast::error_code ec;
        auto endpoint = stream_.remote_endpoint(ec);
        if (!ec) address_ = endpoint.address().to_string();
    }

    void keep_until_closed(std::shared_ptr<void> slot) { stream_.keep_until_closed(std::move(slot)); }

    void run() {
        asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::on_run, shared_from_this()));
    }

private:
    void on_run() {
        stream_.expires_after(edge_.http_timeouts.handshake);
        stream_.async_handshake(beast::bind_front_handler(&HttpSession::on_handshake, shared_from_this()));
    }

    void on_handshake(beast::error_code ec) {
        if (ec) return;  // port scanners, plain HTTP, untrusted certificate: nothing to log
        do_read();
    }

    void do_read() {
        parser_.emplace();
        parser_->body_limit(max_body_bytes);
        parser_->header_limit(max_header_bytes);
        stream_.expires_after(served_one_ ? edge_.http_timeouts.keep_alive : edge_.http_timeouts.request);
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == http::error::end_of_stream) return do_close();
        if (ec == http::error::body_limit) return send_error(http::status::payload_too_large, "too_large", "Het verzoek is te groot.", false);
        if (ec == http::error::header_limit) return send_error(http::status::request_header_fields_too_large, "too_large", "De headers zijn te groot.", false);
        if (ec) return;  // timeout, reset, or a request too broken to answer
        request_ = parser_->release();
        if (beast::websocket::is_upgrade(request_)) return upgrade();
        handle_request();
    }

    std::string path() const {
        auto target = std::string(request_.target());
        return target.substr(0, target.find('?'));
    }

    void handle_request() {
        auto request_path = path();
        if (app::HttpApi::handles(request_path)) {
            app::HttpRequest request;
            request.method = std::string(request_.method_string());
            request.path = request_path;
            auto target = std::string(request_.target());
            if (auto q = target.find('?'); q != std::string::npos) request.query = target.substr(q + 1);
            request.cookie_token = app::cookie_value(request_[http::field::cookie], "kl_session");
            request.origin = std::string(request_[http::field::origin]);
            request.content_type = std::string(request_[http::field::content_type]);
            request.body = std::move(request_.body());
            // Every X-Forwarded-For line, in order: a proxy may add its own line after the client's.
            std::string forwarded_for;
            for (auto [line, end] = request_.equal_range("X-Forwarded-For"); line != end; ++line)
                forwarded_for += (forwarded_for.empty() ? "" : ",") + std::string(line->value());
            request.address = edge_.api.client_address(address_, forwarded_for);
            // The answer may come from the writer or the pool: hop back onto this strand.
            edge_.api.handle(request, [self = shared_from_this()](app::HttpResponse response) {
                asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
                    self->send_api_response(std::move(response));
                });
            });
            return;
        }
        if (request_.method() != http::verb::get && request_.method() != http::verb::head)
            return send_error(http::status::method_not_allowed, "bad_request", "Methode niet toegestaan.", true);
        const auto* file = edge_.static_files.find(request_path);
        if (!file) return send_error(http::status::not_found, "not_found", "Niet gevonden.", true);
        Response response{http::status::ok, request_.version()};
        response.set(http::field::content_type, file->content_type);
        response.set(http::field::cache_control, "no-cache");
        if (request_.method() != http::verb::head) response.body() = file->body;
        send(std::move(response), request_.keep_alive());
    }

    void send_api_response(app::HttpResponse api) {
        if (api.stream) return send_stream(std::move(api));
        Response response{static_cast<http::status>(api.status), request_.version()};
        if (!api.content_type.empty()) response.set(http::field::content_type, api.content_type);
        response.set(http::field::cache_control, "no-store");
        for (auto& [name, value] : api.headers) response.insert(name, value);
        response.body() = std::move(api.body);
        send(std::move(response), request_.keep_alive());
    }

    // A streamed body goes out in chunks, one write in flight, each piece fetched only
    // after the previous one is written: a slow reader slows the producer down.
    void send_stream(app::HttpResponse api) {
        body_ = std::move(api.stream);
        auto header = std::make_shared<http::response<http::empty_body>>(static_cast<http::status>(api.status),
                                                                          request_.version());
        header->set(http::field::content_type, api.content_type);
        header->set(http::field::cache_control, "no-store");
        for (auto& [name, value] : security_headers) header->set(name, value);
        for (auto& [name, value] : api.headers) header->set(name, value);
        header->keep_alive(false);
        header->chunked(true);
        auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*header);
        stream_.expires_after(edge_.http_timeouts.request);
        http::async_write_header(stream_, *serializer,
                                 [self = shared_from_this(), header, serializer](beast::error_code ec, std::size_t) {
                                     self->on_stream_written(ec);
                                 });
    }

    void on_stream_written(beast::error_code ec) {
        chunk_.reset();
        if (ec) return body_->cancel();
        body_->next([self = shared_from_this()](std::optional<std::string> piece) {
            asio::post(self->stream_.get_executor(),
                       [self, piece = std::move(piece)]() mutable { self->on_stream_piece(std::move(piece)); });
        });
    }

    void on_stream_piece(std::optional<std::string> piece) {
        if (!piece) {
            // No last chunk: the client sees an incomplete download, not a short report.
            stream_.close();
            return;
        }
        stream_.expires_after(edge_.http_timeouts.request);
        if (piece->empty()) {
            asio::async_write(stream_, http::make_chunk_last(),
                              [self = shared_from_this()](beast::error_code, std::size_t) { self->do_close(); });
            return;
        }
        chunk_ = std::make_shared<std::string>(std::move(*piece));
        asio::async_write(stream_, http::make_chunk(asio::buffer(*chunk_)),
                          [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_stream_written(ec); });
    }

    void send_error(http::status status, std::string_view code, std::string_view message, bool keep_alive) {
        Response response{status, 11};
        response.set(http::field::content_type, "application/json");
        response.set(http::field::cache_control, "no-store");
        response.body() = std::string(R"({"error":{"code":")") + std::string(code) + R"(","message":")" +
                          std::string(message) + R"("}})";
        send(std::move(response), keep_alive);
    }

    void send(Response response, bool keep_alive) {
        for (auto& [name, value] : security_headers) response.set(name, value);
        response.keep_alive(keep_alive);
        response.prepare_payload();
        response_ = std::make_shared<Response>(std::move(response));
        http::async_write(stream_, *response_,
                          beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), !keep_alive));
    }

    void on_write(bool close, beast::error_code ec, std::size_t) {
        response_.reset();
        if (ec) return;
        if (close) return do_close();
        served_one_ = true;
        do_read();
    }

    void do_close() {
        stream_.expires_after(edge_.http_timeouts.handshake);
        stream_.async_shutdown([self = shared_from_this()](beast::error_code) {});
    }

    // The upgrade needs the right path, our own Origin, our subprotocol, and a valid
    // login cookie (checked on the pool). Only then does the WebSocket session start.
    void upgrade() {
        if (path() != "/ws") return send_error(http::status::not_found, "not_found", "Niet gevonden.", false);
        if (request_[http::field::origin] != edge_.origin)
            return send_error(http::status::forbidden, "forbidden", "Verbinding van een andere herkomst geweigerd.", false);
        if (!header_lists(request_[http::field::sec_websocket_protocol], protocol::subprotocol))
            return send_error(http::status::bad_request, "bad_request", "Subprotocol kennislab.v1 ontbreekt.", false);
        auto token = app::cookie_value(request_[http::field::cookie], "kl_session");
        stream_.expires_never();
        edge_.accounts.authenticate(token, [self = shared_from_this(), token](std::optional<storage::User> user) {
            // Hashed here, on the pool: the registry knows a connection by its login.
            auto login = user ? app::token_hash(token) : std::string();
            asio::post(self->stream_.get_executor(), [self, user = std::move(user), login = std::move(login)]() mutable {
                if (!user)
                    return self->send_error(http::status::unauthorized, "unauthenticated", "Je bent niet ingelogd.", false);
                start_websocket_session(std::move(self->stream_), std::move(self->request_), user->id, std::move(login),
                                        self->edge_);
            });
        });
    }

    TlsStream stream_;
    Edge& edge_;
    std::string address_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::request<http::string_body> request_;
    std::shared_ptr<Response> response_;
    std::shared_ptr<app::BodyStream> body_;  // a streamed answer in progress
    std::shared_ptr<std::string> chunk_;     // the piece being written
    bool served_one_ = false;                // later requests wait under the keep-alive timeout
};

}  // namespace

void start_http_session(asio::ip::tcp::socket&& socket, std::shared_ptr<void> slot, Edge& edge) {
    auto session = std::make_shared<HttpSession>(std::move(socket), edge);
    session->keep_until_closed(std::move(slot));
    session->run();
}

}  // namespace kl::net
