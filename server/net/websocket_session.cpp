#include "server/net/websocket_session.hpp"

#include "protocol/envelope.hpp"
#include "protocol/vocabulary.hpp"
#include "server/app/realtime/client.hpp"
#include "server/net/edge.hpp"
#include "server/net/serial_write_stream.hpp"
#include "server/net/small_first_buffer.hpp"
#include "server/net/websocket_frame.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/container/devector.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <span>
#include <stdexcept>
#include <vector>

namespace kl::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace asio = boost::asio;

namespace {

websocket::close_reason close_reason_for(app::CloseReason reason) {
    switch (reason) {
        case app::CloseReason::shutdown:
            return {websocket::close_code::going_away, "server stopt"};
        case app::CloseReason::account_disabled:
            return {websocket::close_code::policy_error, "account niet actief"};
        case app::CloseReason::logged_out:
            return {websocket::close_code::policy_error, "uitgelogd"};
        case app::CloseReason::policy_violation:
            return {websocket::close_code::policy_error, "te veel ongeldige berichten"};
        case app::CloseReason::too_slow:
            return {websocket::close_code::try_again_later, "te traag"};
        case app::CloseReason::access_ended:
            return {static_cast<websocket::close_code>(4403), "toegang beëindigd"};
    }
    return {websocket::close_code::normal};
}

// Every connection runs on a strand of the server's io_context (server.cpp accepts onto
// make_strand(io)). The sends post to that concrete type rather than through the
// socket's type-erased any_io_executor, which wraps and allocates each handler once more.
using Strand = asio::strand<asio::io_context::executor_type>;

Strand strand_of(const asio::any_io_executor& executor) {
    const auto* strand = executor.target<Strand>();
    if (!strand) throw std::logic_error("a WebSocket connection outside a strand of the io_context");
    return *strand;
}

// One authenticated WebSocket. All state below is touched only on the connection's
// strand, except the inbox; send(), queue_live(), wake_all() and close() may be called
// from any thread.
class WebSocketSession final : public app::Client, public std::enable_shared_from_this<WebSocketSession> {
public:
    WebSocketSession(TlsStream&& stream, std::int64_t user_id, std::string login, Edge& edge)
        // permessage-deflate is compiled out (false): it costs ~170 KB per connection.
        : ws_(std::move(stream)), strand_(strand_of(ws_.get_executor())), user_id_(user_id), login_(std::move(login)),
          edge_(edge) {}

    ~WebSocketSession() override {
        edge_.registry.remove(this);
        edge_.dispatcher.disconnected(this);
    }

    void run(http::request<http::string_body> request) {
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
            response.set(http::field::sec_websocket_protocol, protocol::subprotocol);
        }));
        ws_.read_message_max(edge_.protocol_limits.max_frame_bytes);
        ws_.async_accept(request, beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
    }

    // Frames from other threads wait in the inbox; only the first of a run posts to the
    // strand. Under load one hop onto the strand then takes many frames, and they go
    // out in one write (do_write), instead of a hop and a write per frame.
    void send(std::shared_ptr<const std::string> frame) override { queue_one({std::move(frame), Lane::live}); }
    void send_answer(std::shared_ptr<const std::string> frame) override { queue_one({std::move(frame), Lane::answer}); }

    bool queue_live(std::shared_ptr<const std::string> frame) override {
        std::lock_guard lock(inbox_mutex_);
        inbox_.push_back({std::move(frame), Lane::live});
        return inbox_.size() == 1;
    }

    // One handler on a network thread for all clients; from there each connection's
    // strand is entered with dispatch, which runs at once when the strand is free (the
    // usual case): no further hop or wake-up per connection.
    void wake_all(std::vector<std::shared_ptr<app::Client>> clients) override {
        asio::post(strand_.get_inner_executor(), [clients = std::move(clients)]() mutable {
            for (auto& client : clients) {
                // Every app::Client of the server is a WebSocketSession.
                auto session = std::static_pointer_cast<WebSocketSession>(std::move(client));
                auto& strand = session->strand_;
                asio::dispatch(strand, [session = std::move(session)] { session->take_inbox(); });
            }
        });
    }

    void send_burst(std::vector<std::shared_ptr<const std::string>> frames) override {
        std::unique_lock lock(inbox_mutex_);
        for (const auto& frame : frames) unsent_burst_bytes_ += frame->size();
        bool was_empty = inbox_.empty();
        for (auto& frame : frames) inbox_.push_back({std::move(frame), Lane::burst});
        if (was_empty && !inbox_.empty()) post_take_inbox(lock);
    }

    // A small answer that is being written does not count: the client may have read it
    // before the write's completion ran here.
    bool burst_pending() const override { return unsent_burst_bytes_.load() > burst_pending_bytes; }

    void close(app::CloseReason reason) override {
        asio::dispatch(strand_, [self = shared_from_this(), reason] {
            self->take_inbox();  // what was sent before the close goes before it
            self->start_close(reason);
        });
    }

    std::int64_t user_id() const override { return user_id_; }

private:
    // live: events, presence, typing (the live bounds); answer and burst: what the
    // client asked for (the asked bound); burst: also counted until written
    // (burst_pending).
    enum class Lane { live, answer, burst };
    struct Queued {
        std::shared_ptr<const std::string> frame;
        Lane lane;
    };

    void queue_one(Queued queued) {
        std::unique_lock lock(inbox_mutex_);
        inbox_.push_back(std::move(queued));
        if (inbox_.size() == 1) post_take_inbox(lock);
    }

    void on_accept(beast::error_code ec) {
        if (ec) return;
        edge_.registry.add(shared_from_this(), std::move(login_));
        do_read();
    }

    void do_read() {
        ws_.async_read(read_buffer_, beast::bind_front_handler(&WebSocketSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        // Closed by the peer, by us, by a timeout, or a frame over the limit (Beast
        // then closes with 1009 itself): the session ends.
        if (ec) return;
        if (closing_) return;
        std::string frame = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
        // The buffer grows to the largest message read; an idle connection keeps at most
        // what the next read would prepare anyway (SmallFirstBuffer).
        if (buffer_.capacity() > kept_read_buffer_bytes) buffer_.shrink_to_fit();
        if (!ws_.got_text()) {
            reject({}, protocol::ErrorCode::bad_request, "Alleen tekstberichten met JSON zijn toegestaan.");
        } else {
            try {
                auto request = protocol::parse_request(frame, edge_.protocol_limits);
                bad_frames_ = 0;
                edge_.dispatcher.handle(shared_from_this(), request);
            } catch (const protocol::RequestError& e) {
                reject(e.request_id, e.code(), e.what());
            }
        }
        if (!closing_) do_read();
    }

    void reject(const std::string& request_id, protocol::ErrorCode code, const std::string& message) {
        admit({std::make_shared<const std::string>(protocol::answer_error(request_id, code, message)), Lane::answer});
        write_if_idle();
        if (++bad_frames_ >= edge_.websocket_limits.max_bad_frames_in_a_row) start_close(app::CloseReason::policy_violation);
    }

    // Queues a frame. Beyond the bound of its lane the client is too slow: it is dropped.
    void admit(Queued queued) {
        if (closing_) return;
        const auto& limits = edge_.websocket_limits;
        auto size = queued.frame->size();
        if (queued.lane == Lane::live) {
            if (live_frames_ >= limits.max_queued_frames || live_bytes_ + size > limits.max_queued_bytes)
                return start_close(app::CloseReason::too_slow);
            ++live_frames_;
            live_bytes_ += size;
        } else {
            if (asked_bytes_ + size > limits.max_asked_bytes) return start_close(app::CloseReason::too_slow);
            asked_bytes_ += size;
        }
        queue_.push_back(std::move(queued));
    }

    void write_if_idle() {
        if (writing_ == 0 && !queue_.empty()) do_write();
    }

    void post_take_inbox(std::unique_lock<std::mutex>& lock) {
        lock.unlock();
        asio::post(strand_, [self = shared_from_this()] { self->take_inbox(); });
    }

    // The inbox and arrived_ swap, so both keep their capacity: no allocation per hop.
    void take_inbox() {
        {
            std::lock_guard lock(inbox_mutex_);
            arrived_.swap(inbox_);
        }
        for (auto& queued : arrived_) admit(std::move(queued));
        arrived_.clear();
        if (arrived_.capacity() > kept_vector_capacity) std::vector<Queued>().swap(arrived_);  // after a burst
        write_if_idle();
    }

    // Writes every queued frame (up to gather_bytes) in one write, framed here rather
    // than by Beast: Beast writes one frame per call, and each call through TLS costs a
    // TLS record and a system call (~10 µs). A client that fell behind, a replay, or a
    // burst of answers then costs one record and one system call per 16 KB. When the
    // socket has room (the usual case) the write is done at once, here, without an
    // asynchronous operation; only a full socket makes it wait for on_write.
    void do_write() {
        for (;;) {
            // The peer's close frame arrived (Beast answers it): nothing may follow.
            if (closing_ || !ws_.is_open()) return;
            headers_.clear();
            write_buffers_.clear();
            std::size_t bytes = 0;
            for (const auto& queued : queue_) {
                if (writing_ > 0 && (bytes + queued.frame->size() > gather_bytes || writing_ == gather_frames)) break;
                headers_.push_back(text_frame_header(queued.frame->size()));
                bytes += queued.frame->size();
                ++writing_;
            }
            // headers_ no longer grows: the buffers may point into it.
            for (std::size_t i = 0; i < writing_; ++i) {
                write_buffers_.push_back(asio::buffer(headers_[i].bytes.data(), headers_[i].size));
                write_buffers_.push_back(asio::buffer(*queue_[i].frame));
            }
            // The queue owns the frames and headers_ the headers until they are written.
            beast::error_code ec;
            bool done = ws_.next_layer().write_now_or_later(
                std::span<const asio::const_buffer>(write_buffers_),
                beast::bind_front_handler(&WebSocketSession::on_write, shared_from_this()), ec);
            if (!done) return;  // on_write follows
            if (!written(ec) || queue_.empty()) return;
        }
    }

    void on_write(beast::error_code ec, std::size_t) {
        if (written(ec)) write_if_idle();
    }

    // The write in flight ended: its frames leave the queue. False on error.
    bool written(beast::error_code ec) {
        if (ec) return false;
        for (; writing_ > 0; --writing_) {
            const auto& sent = queue_.front();
            if (sent.lane == Lane::live) {
                --live_frames_;
                live_bytes_ -= sent.frame->size();
            } else {
                asked_bytes_ -= sent.frame->size();
                if (sent.lane == Lane::burst) unsent_burst_bytes_ -= sent.frame->size();
            }
            queue_.pop_front();
        }
        if (queue_.empty() && headers_.capacity() > kept_vector_capacity) {
            // After a burst: an idle connection keeps little.
            std::vector<TextFrameHeader>().swap(headers_);
            std::vector<asio::const_buffer>().swap(write_buffers_);
        }
        if (queue_.empty() && queue_.capacity() > kept_vector_capacity) Queue().swap(queue_);
        return true;
    }

    void start_close(app::CloseReason reason) {
        if (closing_) return;
        closing_ = true;
        if (reason == app::CloseReason::too_slow) {
            // A client that does not read would also never read a close frame: drop it.
            ws_.next_layer().next_layer().close();
            return;
        }
        ws_.async_close(close_reason_for(reason), [self = shared_from_this()](beast::error_code) {});
    }

    // Frames of one write: at most this many bytes (unless one frame is larger) and
    // frames.
    static constexpr std::size_t gather_bytes = 64 * 1024;
    static constexpr std::size_t gather_frames = 256;
    static constexpr std::size_t kept_vector_capacity = 16;

    websocket::stream<SerialWriteStream<TlsStream>, false> ws_;
    Strand strand_;  // ws_'s executor, as its concrete type
    const std::int64_t user_id_;
    std::string login_;  // until it is handed to the registry
    Edge& edge_;
    // What a pending read prepares while no byte of a message has arrived, and what the
    // buffer keeps between messages: a typical request fits; a larger one grows it.
    static constexpr std::size_t kept_read_buffer_bytes = 256;
    beast::flat_buffer buffer_;
    SmallFirstBuffer read_buffer_{buffer_, kept_read_buffer_bytes};  // what reads fill: buffer_
    // A devector allocates nothing while empty (std::deque allocates about 600 bytes at
    // construction: its map and first block), and pops from the front in O(1).
    using Queue = boost::container::devector<Queued>;
    Queue queue_;
    std::mutex inbox_mutex_;
    std::vector<Queued> inbox_;  // guarded by inbox_mutex_; the rest only on the strand
    std::vector<Queued> arrived_;  // what take_inbox took over from the inbox
    std::size_t live_frames_ = 0;
    std::size_t live_bytes_ = 0;
    std::size_t asked_bytes_ = 0;
    std::atomic<std::size_t> unsent_burst_bytes_{0};  // also read by burst_pending from any thread
    static constexpr std::size_t burst_pending_bytes = 256 * 1024;
    std::size_t writing_ = 0;  // frames at the queue's front in the write in flight
    std::vector<TextFrameHeader> headers_;
    std::vector<asio::const_buffer> write_buffers_;
    int bad_frames_ = 0;
    bool closing_ = false;
};

}  // namespace

void start_websocket_session(TlsStream&& stream, http::request<http::string_body> request, std::int64_t user_id,
                             std::string login, Edge& edge) {
    std::make_shared<WebSocketSession>(std::move(stream), user_id, std::move(login), edge)->run(std::move(request));
}

}  // namespace kl::net
