#include "server/net/http_session.hpp"

#include "protocol/vocabulary.hpp"
#include "server/app/core/crypto.hpp"
#include "server/app/core/spool_file.hpp"
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

#include <algorithm>
#include <chrono>
#include <vector>

namespace kl::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t max_body_bytes = 64 * 1024;
constexpr std::uint32_t max_header_bytes = 16 * 1024;
// An upload's body is read in pieces of this size and appended to its spool file.
constexpr std::size_t upload_piece_bytes = 64 * 1024;

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

    // The header first: an upload route's body goes to a spool file piece by piece
    // (read_upload_piece), every other body into memory, at most max_body_bytes.
    void do_read() {
        parser_.emplace();
        // The larger of the two limits, so that an upload's Content-Length passes the
        // header; on_header sets the limit that applies to this request.
        parser_->body_limit(std::max<std::uint64_t>(max_body_bytes, edge_.api.max_upload_bytes()));
        parser_->header_limit(max_header_bytes);
        stream_.expires_after(served_one_ ? edge_.http_timeouts.keep_alive : edge_.http_timeouts.request);
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
    }

    // True (after answering) when ec ends the request.
    bool refused_read(beast::error_code ec) {
        if (!ec) return false;
        if (ec == http::error::end_of_stream) {
            do_close();
        } else if (ec == http::error::body_limit) {
            send_error(http::status::payload_too_large, "too_large", "Het verzoek is te groot.", false);
        } else if (ec == http::error::header_limit) {
            send_error(http::status::request_header_fields_too_large, "too_large", "De headers zijn te groot.", false);
        }
        // Otherwise a timeout, reset, or a request too broken to answer: nothing to say.
        return true;
    }

    void on_header(beast::error_code ec, std::size_t) {
        if (refused_read(ec)) return;
        const auto& header = parser_->get();
        auto target = std::string(header.target());
        if (header.method() == http::verb::post && edge_.api.takes_upload("POST", target.substr(0, target.find('?'))))
            return start_upload();
        auto length = parser_->content_length();
        if (length && *length > max_body_bytes) {
            refused_read(http::error::body_limit);
            return;
        }
        parser_->body_limit(max_body_bytes);
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (refused_read(ec)) return;
        request_ = parser_->release();
        if (beast::websocket::is_upgrade(request_)) return upgrade();
        handle_request();
    }

    std::string path() const {
        auto target = std::string(request_.target());
        return target.substr(0, target.find('?'));
    }

    // An upload: the body goes piece by piece into a nameless spool file, so that it
    // never sits whole in memory; the limit is enforced as the pieces arrive (and at
    // once for a Content-Length over it). A connection that breaks off midway drops the
    // spool file, and with it everything it received.
    void start_upload() {
        auto limit = edge_.api.max_upload_bytes();
        auto length = parser_->content_length();
        if (length && *length > limit) {
            refused_read(http::error::body_limit);
            return;
        }
        try {
            upload_ = std::make_shared<app::SpoolFile>(edge_.api.upload_directory());
        } catch (const std::exception& e) {
            spdlog::error("no spool file for an upload: {}", e.what());
            return send_error(http::status::internal_server_error, "internal", "De server kan het bestand nu niet opslaan.", false);
        }
        upload_parser_.emplace(std::move(*parser_));
        parser_.reset();
        upload_parser_->body_limit(limit);
        upload_piece_.resize(upload_piece_bytes);
        read_upload_piece();
    }

    void read_upload_piece() {
        auto& body = upload_parser_->get().body();
        body.data = upload_piece_.data();
        body.size = upload_piece_.size();
        // Each piece must arrive within the request timeout: a stalled upload ends.
        stream_.expires_after(edge_.http_timeouts.request);
        http::async_read(stream_, buffer_, *upload_parser_,
                         beast::bind_front_handler(&HttpSession::on_upload_piece, shared_from_this()));
    }

    void on_upload_piece(beast::error_code ec, std::size_t) {
        if (ec == http::error::need_buffer) ec = {};  // the piece is full
        if (ec) {
            upload_.reset();
            upload_parser_.reset();
            upload_piece_ = {};
            refused_read(ec == http::error::end_of_stream ? http::error::partial_message : ec);
            return;
        }
        auto received = upload_piece_.size() - upload_parser_->get().body().size;
        try {
            upload_->write(std::string_view(upload_piece_.data(), received));
        } catch (const std::exception& e) {
            spdlog::error("an upload could not be spooled: {}", e.what());
            upload_.reset();
            return send_error(http::status::internal_server_error, "internal", "De server kan het bestand nu niet opslaan.", false);
        }
        if (!upload_parser_->is_done()) return read_upload_piece();
        request_ = {};
        request_.base() = upload_parser_->get().base();
        upload_parser_.reset();
        upload_piece_ = {};
        auto request = api_request();
        request.upload = std::move(upload_);
        hand_to_api(std::move(request));
    }

    // The request as the application sees it, without its body.
    app::HttpRequest api_request() const {
        app::HttpRequest request;
        request.method = std::string(request_.method_string());
        request.path = path();
        auto target = std::string(request_.target());
        if (auto q = target.find('?'); q != std::string::npos) request.query = target.substr(q + 1);
        request.cookie_token = app::cookie_value(request_[http::field::cookie], "kl_session");
        request.origin = std::string(request_[http::field::origin]);
        request.content_type = std::string(request_[http::field::content_type]);
        // Every X-Forwarded-For line, in order: a proxy may add its own line after the client's.
        std::string forwarded_for;
        for (auto [line, end] = request_.equal_range("X-Forwarded-For"); line != end; ++line)
            forwarded_for += (forwarded_for.empty() ? "" : ",") + std::string(line->value());
        request.address = edge_.api.client_address(address_, forwarded_for);
        return request;
    }

    void hand_to_api(app::HttpRequest request) {
        // The answer may come from the writer or the pool: hop back onto this strand.
        edge_.api.handle(request, [self = shared_from_this()](app::HttpResponse response) {
            asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
                self->send_api_response(std::move(response));
            });
        });
    }

    void handle_request() {
        auto request_path = path();
        if (app::HttpApi::handles(request_path)) {
            auto request = api_request();
            request.body = std::move(request_.body());
            return hand_to_api(std::move(request));
        }
        if (request_.method() != http::verb::get && request_.method() != http::verb::head)
            return send_error(http::status::method_not_allowed, "bad_request", "Methode niet toegestaan.", true);
        send_static(request_path);
    }

    // A file of the client: its encoding by Accept-Encoding, 304 when If-None-Match
    // names it, the caching static_files.hpp explains. HEAD gets the headers of the
    // GET, Content-Length included. (API answers never come here: never compressed.)
    void send_static(const std::string& request_path) {
        auto target = std::string(request_.target());
        auto query = target.find('?') == std::string::npos ? std::string() : target.substr(target.find('?') + 1);
        auto answer = edge_.static_files.answer(request_path, query, request_[http::field::accept_encoding],
                                                request_[http::field::if_none_match]);
        if (answer.status == 404) return send_error(http::status::not_found, "not_found", "Niet gevonden.", true);
        Response response{answer.status == 304 ? http::status::not_modified : http::status::ok, request_.version()};
        response.set(http::field::etag, answer.representation->etag);
        response.set(http::field::cache_control, answer.cache_control);
        if (answer.vary) response.set(http::field::vary, "Accept-Encoding");
        std::optional<std::uint64_t> length;
        if (answer.status == 200) {
            response.set(http::field::content_type, answer.file->content_type);
            if (!answer.content_encoding.empty()) response.set(http::field::content_encoding, answer.content_encoding);
            if (request_.method() == http::verb::head) length = answer.representation->body.size();
            else response.body() = answer.representation->body;
        } else {
            length = 0;  // a 304 has no body, and says nothing about the length
        }
        auto policy = answer.file->shell ? std::string_view(edge_.static_files.shell_policy()) : std::string_view();
        send(std::move(response), request_.keep_alive(), policy, length);
    }

    void send_api_response(app::HttpResponse api) {
        if (api.stream) return send_stream(std::move(api));
        Response response{static_cast<http::status>(api.status), request_.version()};
        if (!api.content_type.empty()) response.set(http::field::content_type, api.content_type);
        // An answer may name its own caching (a thumbnail); all others are not stored.
        bool own_caching = std::any_of(api.headers.begin(), api.headers.end(),
                                       [](const auto& header) { return beast::iequals(header.first, "Cache-Control"); });
        if (!own_caching) response.set(http::field::cache_control, "no-store");
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

    // policy replaces the shared Content-Security-Policy when not empty; length, when
    // set, is the Content-Length of a body not sent (HEAD) or none at all (304). A
    // shared security header the answer set itself (a stricter CSP: "sandbox") stays.
    void send(Response response, bool keep_alive, std::string_view policy = {},
              std::optional<std::uint64_t> length = std::nullopt) {
        for (auto& [name, value] : security_headers)
            if (response.find(name) == response.end()) response.set(name, value);
        if (!policy.empty()) response.set("Content-Security-Policy", policy);
        response.keep_alive(keep_alive);
        if (!length) {
            response.prepare_payload();
        } else if (response.result() == http::status::not_modified) {
            response.erase(http::field::content_length);
        } else {
            response.content_length(*length);
        }
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
    std::optional<http::request_parser<http::buffer_body>> upload_parser_;  // an upload being read
    std::vector<char> upload_piece_;             // its current piece (empty between uploads)
    std::shared_ptr<app::SpoolFile> upload_;     // where its pieces go
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
