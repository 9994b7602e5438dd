#include "server/net/websocket_session.hpp"

#include "protocol/envelope.hpp"
#include "protocol/vocabulary.hpp"
#include "server/app/client.hpp"
#include "server/net/edge.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <deque>
#include <memory>

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
        case app::CloseReason::policy_violation:
            return {websocket::close_code::policy_error, "te veel ongeldige berichten"};
        case app::CloseReason::too_slow:
            return {websocket::close_code::try_again_later, "te traag"};
        case app::CloseReason::access_ended:
            return {static_cast<websocket::close_code>(4403), "toegang beëindigd"};
    }
    return {websocket::close_code::normal};
}

// One authenticated WebSocket. All state below is touched only on the connection's
// strand; send() and close() hop onto it, so they may be called from any thread.
class WebSocketSession final : public app::Client, public std::enable_shared_from_this<WebSocketSession> {
public:
    WebSocketSession(TlsStream&& stream, std::int64_t user_id, Edge& edge)
        // permessage-deflate is compiled out (false): it costs ~170 KB per connection.
        : ws_(std::move(stream)), user_id_(user_id), edge_(edge) {}

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

    void send(std::shared_ptr<const std::string> frame) override {
        asio::dispatch(ws_.get_executor(), [self = shared_from_this(), frame = std::move(frame)]() mutable {
            self->queue(std::move(frame));
        });
    }

    void close(app::CloseReason reason) override {
        asio::dispatch(ws_.get_executor(), [self = shared_from_this(), reason] { self->start_close(reason); });
    }

    std::int64_t user_id() const override { return user_id_; }

private:
    void on_accept(beast::error_code ec) {
        if (ec) return;
        edge_.registry.add(shared_from_this());
        do_read();
    }

    void do_read() {
        ws_.async_read(buffer_, beast::bind_front_handler(&WebSocketSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        // Closed by the peer, by us, by a timeout, or a frame over the limit (Beast
        // then closes with 1009 itself): the session ends.
        if (ec) return;
        if (closing_) return;
        std::string frame = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
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
        queue(std::make_shared<const std::string>(protocol::answer_error(request_id, code, message)));
        if (++bad_frames_ >= edge_.websocket_limits.max_bad_frames_in_a_row) start_close(app::CloseReason::policy_violation);
    }

    void queue(std::shared_ptr<const std::string> frame) {
        if (closing_) return;
        const auto& limits = edge_.websocket_limits;
        if (queue_.size() >= limits.max_queued_frames || queued_bytes_ + frame->size() > limits.max_queued_bytes)
            return start_close(app::CloseReason::too_slow);
        queued_bytes_ += frame->size();
        queue_.push_back(std::move(frame));
        if (queue_.size() == 1) do_write();
    }

    void do_write() {
        ws_.text(true);
        // The queue owns the buffer until on_write: it stays alive during the write.
        ws_.async_write(asio::buffer(*queue_.front()),
                        beast::bind_front_handler(&WebSocketSession::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        if (ec) return;
        queued_bytes_ -= queue_.front()->size();
        queue_.pop_front();
        if (!queue_.empty()) do_write();
    }

    void start_close(app::CloseReason reason) {
        if (closing_) return;
        closing_ = true;
        if (reason == app::CloseReason::too_slow) {
            // A client that does not read would also never read a close frame: drop it.
            beast::error_code ignored;
            beast::get_lowest_layer(ws_).socket().close(ignored);
            return;
        }
        ws_.async_close(close_reason_for(reason), [self = shared_from_this()](beast::error_code) {});
    }

    websocket::stream<TlsStream, false> ws_;
    const std::int64_t user_id_;
    Edge& edge_;
    beast::flat_buffer buffer_;
    std::deque<std::shared_ptr<const std::string>> queue_;
    std::size_t queued_bytes_ = 0;
    int bad_frames_ = 0;
    bool closing_ = false;
};

}  // namespace

void start_websocket_session(TlsStream&& stream, http::request<http::string_body> request, std::int64_t user_id,
                             Edge& edge) {
    std::make_shared<WebSocketSession>(std::move(stream), user_id, edge)->run(std::move(request));
}

}  // namespace kl::net
