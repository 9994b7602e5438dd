#include "server/net/http2_session.hpp"

#include "server/app/core/spool_file.hpp"
#include "server/net/edge.hpp"
#include "server/net/request_handling.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <nghttp2/nghttp2.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstring>
#include <unordered_map>
#include <vector>

namespace kl::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr std::size_t read_piece_bytes = 16 * 1024;
// Frames are gathered up to about this much before one write.
constexpr std::size_t write_batch_bytes = 64 * 1024;
// Header fields per request (with their bytes, max_header_bytes, what HPACK may make us hold).
constexpr std::size_t max_header_fields = 100;
// Flow control: what a client may send ahead. Bodies are consumed as they arrive
// (into the 64 KiB body or the upload's spool file), so this is not memory we hold,
// only how fast an upload may go: a 64 KiB window would cap it at 640 KiB/s at 100 ms.
constexpr std::int32_t stream_window_bytes = 1 << 20;
constexpr std::int32_t connection_window_bytes = 4 << 20;

// Fields HTTP/2 forbids (RFC 9113 8.2.2); HTTP/1.1 answers may carry them.
bool connection_specific(std::string_view name) {
    for (auto field : {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"})
        if (beast::iequals(name, field)) return true;
    return false;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

struct Stream {
    Request request;
    std::string cookie;  // HTTP/2 may split Cookie into several fields: joined with "; "
    std::size_t header_bytes = 0;
    std::size_t header_fields = 0;
    bool headers_too_large = false;
    bool headers_done = false;  // later HEADERS are trailers
    bool handed_over = false;   // to the request handling
    bool refused = false;       // answered before its body ended: the rest is dropped
    std::uint64_t dropped = 0;  // body bytes that arrived after the refusal
    bool answer_sent = false;   // the answer's last frame is out
    bool reset = false;         // RST_STREAM sent
    std::uint64_t body_limit = max_body_bytes;
    std::uint64_t received = 0;
    std::shared_ptr<app::SpoolFile> upload;  // an upload route's body, as it arrives
    // The answer's body: whole, or the current piece of a streamed one.
    std::string body;
    std::size_t sent = 0;
    std::shared_ptr<app::BodyStream> producer;  // a streamed answer
    bool piece_asked = false;
    bool produced_all = false;
    std::chrono::steady_clock::time_point deadline;
};

class Http2Session : public std::enable_shared_from_this<Http2Session> {
public:
    Http2Session(TlsSocket&& stream, std::string address, Edge& edge)
        : stream_(std::move(stream)), address_(std::move(address)), edge_(edge) {}

    ~Http2Session() {
        for (auto& [id, stream] : streams_)
            if (stream->producer && !stream->produced_all) stream->producer->cancel();
        if (session_) nghttp2_session_del(session_);
    }

    void run() {
        if (!make_session()) return;
        update_deadline();
        flush();  // our SETTINGS
        do_read();
    }

private:
    bool make_session() {
        nghttp2_session_callbacks* callbacks = nullptr;
        if (nghttp2_session_callbacks_new(&callbacks) != 0) return false;
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, &Http2Session::on_begin_headers);
        nghttp2_session_callbacks_set_on_header_callback(callbacks, &Http2Session::on_header);
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &Http2Session::on_frame_recv);
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &Http2Session::on_data_chunk);
        nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, &Http2Session::on_frame_send);
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Http2Session::on_stream_close);
        nghttp2_option* option = nullptr;
        nghttp2_option_new(&option);
        // What a client may make us hold for its own frames: a few queued SETTINGS and
        // PING answers, not an unbounded list.
        nghttp2_option_set_max_settings(option, 32);
        nghttp2_option_set_max_outbound_ack(option, 100);
        int made = nghttp2_session_server_new2(&session_, callbacks, this, option);
        nghttp2_option_del(option);
        nghttp2_session_callbacks_del(callbacks);
        if (made != 0) return false;
        // No SETTINGS_ENABLE_CONNECT_PROTOCOL: WebSockets take their own HTTP/1.1 connection.
        std::array<nghttp2_settings_entry, 3> settings{{
            {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, max_http2_streams},
            {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, stream_window_bytes},
            {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, max_header_bytes},
        }};
        if (nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings.data(), settings.size()) != 0) return false;
        return nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, connection_window_bytes) == 0;
    }

    Stream* find(std::int32_t id) {
        auto it = streams_.find(id);
        return it == streams_.end() ? nullptr : it->second.get();
    }

    // --- reading ---

    void do_read() {
        stream_.async_read_some(asio::buffer(in_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
            self->on_read(ec, n);
        });
    }

    void on_read(beast::error_code ec, std::size_t bytes) {
        if (ec || closing_) return;  // closed, reset or timed out: nothing to answer
        auto used = nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(in_.data()), bytes);
        if (used < 0) {
            // A protocol error: nghttp2 has queued its GOAWAY; send it and end.
            flush();
            return close();
        }
        flush();
        if (nghttp2_session_want_read(session_)) do_read();
    }

    static int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user) {
        auto& self = *static_cast<Http2Session*>(user);
        if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
        // nghttp2 refuses streams over SETTINGS_MAX_CONCURRENT_STREAMS itself; this
        // bounds what we hold even so (the stream is reset).
        if (self.streams_.size() >= max_http2_streams) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
        auto stream = std::make_unique<Stream>();
        stream->request.version(11);
        stream->deadline = std::chrono::steady_clock::now() + self.edge_.http_timeouts.request;
        self.streams_[frame->hd.stream_id] = std::move(stream);
        self.update_deadline();
        return 0;
    }

    static int on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name_data,
                         std::size_t name_length, const std::uint8_t* value_data, std::size_t value_length,
                         std::uint8_t, void* user) {
        auto& self = *static_cast<Http2Session*>(user);
        auto* stream = self.find(frame->hd.stream_id);
        if (!stream) return 0;
        // Counted as HTTP/2 counts a header list: name, value and 32 bytes each.
        stream->header_bytes += name_length + value_length + 32;
        stream->header_fields += 1;
        if (stream->header_bytes > max_header_bytes || stream->header_fields > max_header_fields)
            stream->headers_too_large = true;
        if (stream->headers_too_large || stream->headers_done) return 0;  // too large, or a trailer
        std::string_view name(reinterpret_cast<const char*>(name_data), name_length);
        std::string_view value(reinterpret_cast<const char*>(value_data), value_length);
        auto& request = stream->request;
        if (name == ":method") {
            request.method_string(value);
        } else if (name == ":path") {
            request.target(value);
        } else if (name == ":authority") {
            request.set(http::field::host, value);
        } else if (name == "cookie") {
            stream->cookie += (stream->cookie.empty() ? "" : "; ") + std::string(value);
        } else if (!name.empty() && name.front() != ':') {
            request.insert(name, value);
        }
        return 0;
    }

    static int on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user) {
        auto& self = *static_cast<Http2Session*>(user);
        auto* stream = self.find(frame->hd.stream_id);
        if (!stream) return 0;
        if (frame->hd.type == NGHTTP2_HEADERS && !stream->headers_done) {
            stream->headers_done = true;
            self.on_request_header(frame->hd.stream_id, *stream);
        } else if (frame->hd.type == NGHTTP2_HEADERS && stream->headers_too_large && !stream->refused) {
            // Trailers over the limit, after the body.
            self.refuse(frame->hd.stream_id, *stream, http::status::request_header_fields_too_large,
                        "De headers zijn te groot.");
        }
        bool ended = (frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) &&
                     (frame->hd.flags & NGHTTP2_FLAG_END_STREAM);
        if (ended && !stream->refused && !stream->handed_over) self.hand_over(frame->hd.stream_id, *stream);
        return 0;
    }

    // The whole header has arrived: refuse what is too large, and prepare for the body.
    void on_request_header(std::int32_t id, Stream& stream) {
        if (stream.headers_too_large)
            return refuse(id, stream, http::status::request_header_fields_too_large, "De headers zijn te groot.");
        if (!stream.cookie.empty()) stream.request.set(http::field::cookie, stream.cookie);
        if (is_upload(edge_, stream.request)) {
            stream.body_limit = edge_.api.max_upload_bytes();
            try {
                stream.upload = std::make_shared<app::SpoolFile>(edge_.api.upload_directory());
            } catch (const std::exception& e) {
                spdlog::error("no spool file for an upload: {}", e.what());
                return refuse(id, stream, http::status::internal_server_error, "De server kan het bestand nu niet opslaan.",
                              "internal");
            }
        }
        auto length = stream.request[http::field::content_length];
        if (!length.empty()) {
            // nghttp2 has checked that it is a number, and will check the body against it.
            auto declared = std::strtoull(std::string(length).c_str(), nullptr, 10);
            if (declared > stream.body_limit) return refuse(id, stream, http::status::payload_too_large, "Het verzoek is te groot.");
        }
    }

    static int on_data_chunk(nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t* data,
                             std::size_t length, void* user) {
        auto& self = *static_cast<Http2Session*>(user);
        auto* stream = self.find(id);
        if (!stream || stream->handed_over) return 0;
        if (stream->refused) {
            stream->dropped += length;
            self.reset_if_still_sending(id, *stream);
            return 0;
        }
        stream->received += length;
        if (stream->received > stream->body_limit) {
            self.refuse(id, *stream, http::status::payload_too_large, "Het verzoek is te groot.");
            return 0;
        }
        std::string_view piece(reinterpret_cast<const char*>(data), length);
        if (stream->upload) {
            try {
                stream->upload->write(piece);
            } catch (const std::exception& e) {
                spdlog::error("an upload could not be spooled: {}", e.what());
                self.refuse(id, *stream, http::status::internal_server_error, "De server kan het bestand nu niet opslaan.",
                            "internal");
                return 0;
            }
        } else {
            stream->request.body().append(piece);
        }
        // A body that keeps arriving is progress (an upload takes longer than a request).
        stream->deadline = std::chrono::steady_clock::now() + self.edge_.http_timeouts.request;
        self.update_deadline();
        return 0;
    }

    // --- answering ---

    void hand_over(std::int32_t id, Stream& stream) {
        stream.handed_over = true;
        answer_request(edge_, stream.request, address_, std::move(stream.upload),
                       [self = shared_from_this(), id](Answer answer) {
                           asio::post(self->stream_.get_executor(), [self, id, answer = std::move(answer)]() mutable {
                               self->respond(id, std::move(answer));
                           });
                       });
    }

    void refuse(std::int32_t id, Stream& stream, http::status status, std::string_view message,
                std::string_view code = "too_large") {
        stream.refused = true;
        stream.upload.reset();
        stream.request.body().clear();
        submit(id, stream, error_answer(status, code, message));
    }

    void respond(std::int32_t id, Answer answer) {
        auto* stream = find(id);
        if (!stream) {
            if (answer.stream) answer.stream->cancel();  // the client reset the stream meanwhile
            return;
        }
        submit(id, *stream, std::move(answer));
        flush();
    }

    void submit(std::int32_t id, Stream& stream, Answer answer) {
        auto& response = answer.response;
        bool head = stream.request.method() == http::verb::head;
        std::vector<std::pair<std::string, std::string>> fields;
        fields.emplace_back(":status", std::to_string(response.result_int()));
        for (const auto& field : response) {
            auto name = field.name_string();
            if (connection_specific(name) || beast::iequals(name, "content-length")) continue;
            fields.emplace_back(lower(name), std::string(field.value()));
        }
        if (!answer.stream) {
            if (answer.length) {
                if (response.result() != http::status::not_modified)
                    fields.emplace_back("content-length", std::to_string(*answer.length));
            } else {
                fields.emplace_back("content-length", std::to_string(response.body().size()));
            }
        }
        std::vector<nghttp2_nv> nv;
        nv.reserve(fields.size());
        for (auto& [name, value] : fields)
            nv.push_back({reinterpret_cast<std::uint8_t*>(name.data()), reinterpret_cast<std::uint8_t*>(value.data()),
                          name.size(), value.size(), NGHTTP2_NV_FLAG_NONE});
        stream.producer = std::move(answer.stream);
        stream.body = head ? std::string() : std::move(response.body());
        stream.sent = 0;
        if (head && stream.producer) {
            stream.producer->cancel();
            stream.producer.reset();
        }
        nghttp2_data_provider provider{};
        provider.read_callback = &Http2Session::read_body;
        bool has_body = !stream.body.empty() || stream.producer;
        if (nghttp2_submit_response(session_, id, nv.data(), nv.size(), has_body ? &provider : nullptr) != 0)
            nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id, NGHTTP2_INTERNAL_ERROR);
    }

    // nghttp2 asks for the next bytes of a stream's body.
    static ssize_t read_body(nghttp2_session*, std::int32_t id, std::uint8_t* buffer, std::size_t length,
                             std::uint32_t* flags, nghttp2_data_source*, void* user) {
        auto& self = *static_cast<Http2Session*>(user);
        auto* stream = self.find(id);
        if (!stream) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
        if (stream->sent < stream->body.size()) {
            auto n = std::min(length, stream->body.size() - stream->sent);
            std::memcpy(buffer, stream->body.data() + stream->sent, n);
            stream->sent += n;
            stream->deadline = std::chrono::steady_clock::now() + self.edge_.http_timeouts.request;
            self.deadline_dirty_ = true;
            if (stream->sent == stream->body.size()) {
                stream->body.clear();
                stream->sent = 0;
                if (!stream->producer) *flags |= NGHTTP2_DATA_FLAG_EOF;
            }
            return static_cast<ssize_t>(n);
        }
        if (!stream->producer || stream->produced_all) {
            *flags |= NGHTTP2_DATA_FLAG_EOF;
            return 0;
        }
        // A streamed body: the next piece is fetched only when the previous one is out,
        // so a slow reader slows the producer down.
        if (!stream->piece_asked) {
            stream->piece_asked = true;
            stream->producer->next([self = self.shared_from_this(), id](std::optional<std::string> piece) {
                asio::post(self->stream_.get_executor(),
                           [self, id, piece = std::move(piece)]() mutable { self->on_piece(id, std::move(piece)); });
            });
        }
        return NGHTTP2_ERR_DEFERRED;
    }

    void on_piece(std::int32_t id, std::optional<std::string> piece) {
        auto* stream = find(id);
        if (!stream) return;  // closed meanwhile; its producer was cancelled then
        stream->piece_asked = false;
        if (!piece) {
            // Production failed: the client sees an incomplete download, not a short report.
            stream->produced_all = true;
            nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id, NGHTTP2_INTERNAL_ERROR);
        } else if (piece->empty()) {
            stream->produced_all = true;
            nghttp2_session_resume_data(session_, id);
        } else {
            stream->body = std::move(*piece);
            stream->sent = 0;
            nghttp2_session_resume_data(session_, id);
        }
        flush();
    }

    static int on_frame_send(nghttp2_session*, const nghttp2_frame* frame, void* user) {
        auto& self = *static_cast<Http2Session*>(user);
        auto* stream = self.find(frame->hd.stream_id);
        if (stream && (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) &&
            (frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA)) {
            stream->answer_sent = true;
            self.reset_if_still_sending(frame->hd.stream_id, *stream);
        }
        return 0;
    }

    // A refused request's body is dropped as it arrives. A client that goes on sending
    // well past its window after the refusal is asked to stop (RST_STREAM NO_ERROR,
    // RFC 9113 8.1), once the refusal is out. Not at once: some clients (curl) drop an
    // answer whose stream is reset while they are still sending.
    void reset_if_still_sending(std::int32_t id, Stream& stream) {
        if (!stream.refused || !stream.answer_sent || stream.reset ||
            stream.dropped <= static_cast<std::uint64_t>(stream_window_bytes))
            return;
        stream.reset = true;
        nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id, NGHTTP2_NO_ERROR);
    }

    static int on_stream_close(nghttp2_session*, std::int32_t id, std::uint32_t, void* user) {
        auto& self = *static_cast<Http2Session*>(user);
        auto it = self.streams_.find(id);
        if (it == self.streams_.end()) return 0;
        if (it->second->producer && !it->second->produced_all) it->second->producer->cancel();
        self.streams_.erase(it);
        self.deadline_dirty_ = true;
        return 0;
    }

    // --- writing and the connection's deadline ---

    void flush() {
        if (writing_ || closing_) return;
        out_.clear();
        for (;;) {
            const std::uint8_t* data = nullptr;
            auto n = nghttp2_session_mem_send(session_, &data);
            if (n < 0) return close();
            if (n == 0) break;
            out_.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
            if (out_.size() >= write_batch_bytes) break;
        }
        if (deadline_dirty_) update_deadline();
        if (out_.empty()) {
            if (!nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_)) close();
            return;
        }
        writing_ = true;
        asio::async_write(stream_, asio::buffer(out_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            self->writing_ = false;
            if (ec) return;
            self->flush();
        });
    }

    // Every stream must make progress within the request timeout (a whole request, a
    // piece of an upload, a piece of an answer), or the connection ends, as an
    // HTTP/1.1 one would; without streams, the connection may idle for the keep-alive
    // timeout (from the start: an HTTP/2 request in progress is a stream, and the
    // client's preface and SETTINGS are not one).
    void update_deadline() {
        deadline_dirty_ = false;
        if (closing_) return;
        if (streams_.empty()) {
            stream_.expires_after(edge_.http_timeouts.keep_alive);
            return;
        }
        auto earliest = std::chrono::steady_clock::time_point::max();
        for (auto& [id, stream] : streams_) earliest = std::min(earliest, stream->deadline);
        stream_.expires_after(std::max(earliest - std::chrono::steady_clock::now(), std::chrono::steady_clock::duration{}));
    }

    void close() {
        if (closing_) return;
        closing_ = true;
        stream_.expires_after(edge_.http_timeouts.handshake);
        stream_.async_shutdown([self = shared_from_this()](beast::error_code) { self->stream_.close(); });
    }

    TlsSocket stream_;
    std::string address_;
    Edge& edge_;
    nghttp2_session* session_ = nullptr;
    std::unordered_map<std::int32_t, std::unique_ptr<Stream>> streams_;  // at most max_http2_streams
    std::array<char, read_piece_bytes> in_{};
    std::string out_;  // the frames being written
    bool writing_ = false;
    bool closing_ = false;
    bool deadline_dirty_ = false;
};

}  // namespace

void start_http2_session(TlsSocket&& stream, std::string address, Edge& edge) {
    auto session = std::make_shared<Http2Session>(std::move(stream), std::move(address), edge);
    session->run();
}

}  // namespace kl::net
