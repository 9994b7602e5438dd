#pragma once
// A stream layer below Beast's websocket::stream that lets two writers take turns:
// Beast, which writes the handshake answer and control frames (pong, close), and the
// session, which writes its queued data frames itself, many in one write
// (websocket_session.cpp says why). A write that arrives while the other's is in
// flight waits for it, so their bytes never interleave on the TLS stream.
//
// Each write goes out whole before it completes (a composed write below), so a
// waiting write cannot slip in between the parts of another.
//
// Thread-safety: like any stream, used only from its strand. At most one write per
// writer is in flight (Beast guarantees it for its own; the session keeps one).
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <boost/system/error_code.hpp>

#include <cassert>
#include <cstddef>
#include <memory>
#include <utility>

namespace kl::net {

template <class NextLayer>
class SerialWriteStream {
public:
    using next_layer_type = NextLayer;
    using executor_type = typename NextLayer::executor_type;
    using error_code = boost::system::error_code;

    template <class Arg>
    explicit SerialWriteStream(Arg&& next) : next_(std::forward<Arg>(next)) {}

    executor_type get_executor() noexcept { return next_.get_executor(); }
    NextLayer& next_layer() noexcept { return next_; }
    const NextLayer& next_layer() const noexcept { return next_; }

    template <class MutableBuffers, class Token>
    auto async_read_some(const MutableBuffers& buffers, Token&& token) {
        return next_.async_read_some(buffers, std::forward<Token>(token));
    }

    // Writes all of buffers once no other write is in flight; completes with their size.
    // The caller keeps buffers alive until then, as for any write.
    template <class ConstBuffers, class Token>
    auto async_write_some(const ConstBuffers& buffers, Token&& token) {
        return boost::asio::async_initiate<Token, void(error_code, std::size_t)>(
            [this](auto handler, const ConstBuffers& buffers) {
                if (busy_) {
                    assert(!waiting_ && "a third writer");
                    waiting_ = make_waiting([this, handler = std::move(handler), buffers]() mutable {
                        start(buffers, std::move(handler));
                    });
                } else {
                    start(buffers, std::move(handler));
                }
            },
            token, buffers);
    }

    // Writes buffers now when no other write is in flight and the socket takes them
    // all: returns true with ec set (handler is not called). Otherwise the write goes on
    // as async_write_some(buffers, handler) and returns false. NextLayer provides the
    // same member (TlsSocket).
    template <class ConstBuffers, class Handler>
    bool write_now_or_later(const ConstBuffers& buffers, Handler handler, error_code& ec) {
        if (busy_) {
            async_write_some(buffers, std::move(handler));
            return false;
        }
        busy_ = true;
        bool done = next_.write_now_or_later(buffers, finishing(std::move(handler)), ec);
        if (done) busy_ = false;  // nothing else ran meanwhile: the turn ends here
        return done;
    }

private:
    // Wraps handler so that the turn ends (and a waiting write starts) before it runs.
    template <class Handler>
    auto finishing(Handler handler) {
        auto executor = boost::asio::get_associated_executor(handler, get_executor());
        return boost::asio::bind_executor(executor, [this, handler = std::move(handler)](error_code ec,
                                                                                          std::size_t size) mutable {
            busy_ = false;
            // The other writer's turn, started before this one hears of the result.
            if (waiting_) std::exchange(waiting_, nullptr)->start();
            std::move(handler)(ec, size);
        });
    }

    // A write waiting for its turn (move-only: it holds a completion handler).
    struct Waiting {
        virtual ~Waiting() = default;
        virtual void start() = 0;
    };
    template <class Start>
    static std::unique_ptr<Waiting> make_waiting(Start start) {
        struct Holder final : Waiting {
            explicit Holder(Start s) : s(std::move(s)) {}
            void start() override { s(); }
            Start s;
        };
        return std::make_unique<Holder>(std::move(start));
    }

    template <class ConstBuffers, class Handler>
    void start(const ConstBuffers& buffers, Handler handler) {
        busy_ = true;
        boost::asio::async_write(next_, buffers, finishing(std::move(handler)));
    }

    NextLayer next_;
    bool busy_ = false;
    std::unique_ptr<Waiting> waiting_;  // two writers: at most one waits
};

// Beast's websocket::stream closes its next layer through these (found by ADL): the TLS
// close_notify of the layer below. Beast calls them after its close frame went out.
template <class NextLayer>
void teardown(boost::beast::role_type role, SerialWriteStream<NextLayer>& stream, boost::system::error_code& ec) {
    using boost::beast::websocket::teardown;
    teardown(role, stream.next_layer(), ec);
}

template <class NextLayer, class TeardownHandler>
void async_teardown(boost::beast::role_type role, SerialWriteStream<NextLayer>& stream, TeardownHandler&& handler) {
    using boost::beast::websocket::async_teardown;
    async_teardown(role, stream.next_layer(), std::forward<TeardownHandler>(handler));
}

}  // namespace kl::net
