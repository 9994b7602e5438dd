#include "server/net/http_session.hpp"

#include "protocol/vocabulary.hpp"
#include "server/app/core/crypto.hpp"
#include "server/app/core/spool_file.hpp"
#include "server/app/http/cookies.hpp"
#include "server/net/alpn.hpp"
#include "server/net/edge.hpp"
#include "server/net/http2_session.hpp"
#include "server/net/request_handling.hpp"
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

// An upload's body is read in pieces of this size and appended to its spool file.
constexpr std::size_t upload_piece_bytes = 64 * 1024;

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
        if (chose_http2(stream_.native_handle())) return start_http2_session(std::move(stream_), address_, edge_);
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
        if (is_upload(edge_, parser_->get())) return start_upload();
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
        hand_over(nullptr);
    }

    std::string path() const { return target_path(request_.target()); }

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
        hand_over(std::move(upload_));
    }

    // Hands the request to the shared handling (request_handling.hpp); the answer may
    // come from the writer or the pool: hop back onto this strand.
    void hand_over(std::shared_ptr<app::SpoolFile> upload) {
        answer_request(edge_, request_, address_, std::move(upload), [self = shared_from_this()](Answer answer) {
            asio::post(self->stream_.get_executor(), [self, answer = std::move(answer)]() mutable {
                self->send_answer(std::move(answer));
            });
        });
    }

    void send_answer(Answer answer) {
        if (answer.stream) return send_stream(std::move(answer));
        send(std::move(answer.response), request_.keep_alive(), answer.length);
    }

    // A streamed body goes out in chunks, one write in flight, each piece fetched only
    // after the previous one is written: a slow reader slows the producer down.
    void send_stream(Answer answer) {
        body_ = std::move(answer.stream);
        auto header = std::make_shared<http::response<http::empty_body>>(answer.response.result(), request_.version());
        header->base() = std::move(answer.response.base());
        header->version(request_.version());
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
        // Version 1.1 whatever the request said: it may not have been read at all.
        send(error_answer(status, code, message).response, keep_alive, std::nullopt, 11);
    }

    // length, when set, is the Content-Length of a body not sent (HEAD) or none at all
    // (304).
    void send(Response response, bool keep_alive, std::optional<std::uint64_t> length = std::nullopt,
              std::optional<unsigned> version = std::nullopt) {
        response.version(version.value_or(request_.version()));
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
