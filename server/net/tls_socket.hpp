#pragma once
// A TLS connection that runs OpenSSL directly on the non-blocking socket, the way
// uWebSockets does, instead of through asio::ssl::stream.
//
// Why: asio::ssl::stream keeps two zero-filled 17 KB record buffers per connection and
// OpenSSL's BIO pair behind it two more: about 68 KB resident for every idle
// WebSocket, and two extra copies of every byte sent. Here OpenSSL reads from and
// writes to the socket itself (SSL_set_fd), its record buffers are released while a
// connection is idle (SSL_MODE_RELEASE_BUFFERS), and Asio is asked only for readiness
// (async_wait). An idle connection then costs the SSL object and little else.
//
// The SSL object is made only when the client's first bytes (its hello) arrive: a
// connection that opens and sends nothing (a connection flood, a port scanner) then
// costs the socket alone, not the 45 KB that an SSL object in its handshake holds; and
// the handshakes in progress at once are capped (handshake_slots.hpp).
//
// Without an SSL context the same class is a plain TCP connection (`--insecure-http`,
// for tests behind a TLS-terminating proxy): the attempts then call recv and send.
//
// An operation tries the SSL call first; when OpenSSL wants the socket readable or
// writable, it waits for that and tries again. An operation that finishes without
// waiting completes through a post, never inside its initiating call.
//
// The file descriptor stays open as long as the object: OpenSSL holds its number
// (SSL_set_fd), and a number closed early is soon handed to another connection or to
// a file the server opens, which a later SSL_read or SSL_write would then reach. A
// deadline, close() and Beast's timeouts (beast_close_socket below) therefore only
// shut the connection down and cancel what waits; from then on every operation
// fails with operation_aborted without touching the descriptor. The destructor frees
// the SSL object first and then closes the descriptor.
//
// Thread-safety: like any Asio stream, used only from its strand (the socket's
// executor). One read, one write, one handshake or shutdown each in flight at a time;
// a read and a write may be in flight together (OpenSSL allows SSL_read and SSL_write
// to take turns on one SSL object when they are never called at the same time).
#include "server/net/handshake_slots.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/buffers_suffix.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <boost/system/error_code.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <type_traits>

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace kl::net {

namespace tls_detail {

using error_code = boost::system::error_code;

// What one attempt of an SSL call came to.
struct Attempt {
    enum class Next { done, wait_read, wait_write } next = Next::done;
    error_code ec;          // set when done with an error
    std::size_t bytes = 0;  // bytes read or written when done
};

// ssl null: plain TCP on fd.
Attempt handshake(SSL* ssl);
Attempt read(SSL* ssl, int fd, void* data, std::size_t size);
Attempt write(SSL* ssl, int fd, const void* data, std::size_t size);
Attempt shutdown(SSL* ssl, int fd);

// Largest plaintext of one TLS record: what one SSL_write turns into one record.
constexpr std::size_t record_bytes = 16 * 1024;
// A per-thread buffer where small pieces of a gathered write are joined into one record.
unsigned char* scratch();

}  // namespace tls_detail

class TlsSocket {
public:
    using executor_type = boost::asio::any_io_executor;
    using error_code = boost::system::error_code;

    // Takes over an accepted socket; a server-side SSL object is made from context
    // (null: plain TCP) when the handshake reads the client's first bytes, if one of
    // slots is free (null: no cap); otherwise the handshake fails with no_buffer_space.
    // context and slots must outlive the socket.
    TlsSocket(boost::asio::ip::tcp::socket&& socket, SSL_CTX* context, HandshakeSlots* slots = nullptr);
    TlsSocket(TlsSocket&&) noexcept = default;
    TlsSocket& operator=(TlsSocket&&) noexcept = default;
    ~TlsSocket() = default;

    // No next_layer(): this is Beast's lowest layer, so that its WebSocket timeouts end
    // the connection through beast_close_socket (below), never by closing the descriptor.
    executor_type get_executor() noexcept { return state_->socket.get_executor(); }
    // Null for plain TCP, and for TLS until the handshake has begun.
    SSL* native_handle() noexcept { return state_->ssl; }
    int native_fd() noexcept { return state_->socket.native_handle(); }
    boost::asio::ip::tcp::endpoint remote_endpoint(error_code& ec) const { return state_->socket.remote_endpoint(ec); }
    // False once closed (by close(), a deadline or a teardown).
    bool is_open() const noexcept { return !state_->closed; }

    // A deadline for the operations in flight and those that follow: when it passes,
    // the connection is closed as by close(). Like beast::tcp_stream's.
    void expires_after(std::chrono::steady_clock::duration after);
    void expires_never();
    // Ends the connection at once (no close_notify): shuts the TCP connection down and
    // cancels the operations in flight, which end with an error, as does every later
    // one. The descriptor stays open until the destructor.
    void close();

    // Sends TCP's FIN (after close_notify, in a teardown); reading goes on.
    void shutdown_send();
    // Where a teardown reads what the peer still sends (and throws it away). Not in the
    // teardown operation itself: an operation moves with every step, its buffer would not.
    // Made on first use: an idle connection does not carry it.
    boost::asio::mutable_buffer drain_buffer() {
        if (!state_->drain) state_->drain = std::make_unique<std::array<char, 1024>>();
        return boost::asio::buffer(*state_->drain);
    }
    // Keeps what (a connection slot, connection_limits.hpp) until the descriptor closes.
    void keep_until_closed(std::shared_ptr<void> what) { state_->kept = std::move(what); }

    friend void beast_close_socket(TlsSocket& socket) { socket.close(); }

    // Waits for the client's first bytes, makes the SSL object, and runs the handshake.
    // Plain TCP: done at once.
    template <class Token>
    auto async_handshake(Token&& token) {
        return start<void(error_code)>(token, Handshake{state_.get()});
    }

    // Sends close_notify; does not wait for the peer's (the socket closes after).
    template <class Token>
    auto async_shutdown(Token&& token) {
        return start<void(error_code)>(token, [](SSL* ssl, int fd) { return tls_detail::shutdown(ssl, fd); });
    }

    template <class MutableBuffers, class Token>
    auto async_read_some(const MutableBuffers& buffers, Token&& token) {
        boost::asio::mutable_buffer target;
        for (auto it = boost::asio::buffer_sequence_begin(buffers); it != boost::asio::buffer_sequence_end(buffers);
             ++it) {
            boost::asio::mutable_buffer piece = *it;
            if (piece.size() > 0) {
                target = piece;
                break;
            }
        }
        return start<void(error_code, std::size_t)>(token, [target](SSL* ssl, int fd) {
            // Zero bytes asked for: done at once, as for a TCP socket.
            if (target.size() == 0) return tls_detail::Attempt{};
            return tls_detail::read(ssl, fd, target.data(), target.size());
        });
    }

    // Writes all of buffers before it completes (unlike most write_some: a gathered
    // write of many small frames becomes full records, not a record per frame).
    template <class ConstBuffers, class Token>
    auto async_write_some(const ConstBuffers& buffers, Token&& token) {
        return start<void(error_code, std::size_t)>(token, WriteAll<ConstBuffers>{buffers});
    }

    // Writes all of buffers now when the socket takes them: returns true with ec set,
    // and handler is never called. Otherwise the write goes on as async_write_some
    // would (handler called when done, with all bytes counted) and returns false.
    // Saves the operation and its completion post in the common case of a socket with
    // room: most WebSocket writes.
    template <class ConstBuffers, class Handler>
    bool write_now_or_later(const ConstBuffers& buffers, Handler&& handler, error_code& ec) {
        if (state_->closed) {
            ec = boost::asio::error::operation_aborted;
            return true;
        }
        if (state_->context && !state_->ssl) {
            ec = boost::asio::error::not_connected;
            return true;
        }
        WriteAll<ConstBuffers> write(buffers);
        auto attempt = write(state_->ssl, state_->socket.native_handle());
        if (attempt.next == tls_detail::Attempt::Next::done) {
            ec = attempt.ec;
            return true;
        }
        // The operation's first attempt retries at once (the socket is still full) and
        // then waits; write keeps what it wrote and the record it holds.
        start<void(error_code, std::size_t)>(handler, std::move(write));
        return false;
    }

private:
    struct State {
        State(boost::asio::ip::tcp::socket&& s, SSL_CTX* context, HandshakeSlots* slots);
        ~State();
        // Shut down and cancel; the descriptor stays open (see the top of this file).
        void close();
        // One attempt of the handshake, making the SSL object once bytes have arrived.
        tls_detail::Attempt handshake();
        std::shared_ptr<void> kept;  // released after the descriptor closes (declared before it)
        boost::asio::ip::tcp::socket socket;
        SSL_CTX* context;                      // not owned; null for plain TCP
        HandshakeSlots* slots;                 // not owned; null: no cap
        bool holds_slot = false;               // from SSL_new until the handshake ends
        SSL* ssl = nullptr;                    // owned; made by the handshake; null for plain TCP
        boost::asio::steady_timer deadline;    // closes the connection when it passes
        bool closed = false;
        std::unique_ptr<std::array<char, 1024>> drain;  // see drain_buffer()
    };

    struct Handshake {
        State* state;
        tls_detail::Attempt operator()(SSL*, int) { return state->handshake(); }
    };

    // One operation: attempts until OpenSSL is done, waiting for readiness between
    // attempts. TryOnce(SSL*, int fd) -> tls_detail::Attempt. Completes with (error_code) or
    // (error_code, bytes), as Signature says.
    template <class Signature, class TryOnce>
    struct Op {
        State* state;
        TryOnce try_once;
        bool waited = false;  // false until the first wait: completing then needs a post
        bool posted = false;
        tls_detail::Attempt result{};

        template <class Self>
        void operator()(Self& self, error_code ec = {}) {
            if (posted) return finish(self, result.ec, result.bytes);
            if (ec) return finish(self, ec, 0);  // the wait failed: closed, timed out, cancelled
            if (state->closed) {
                // Never an SSL call after close: complete as a cancelled wait would.
                result = {tls_detail::Attempt::Next::done, boost::asio::error::operation_aborted, 0};
            } else if (!std::is_same_v<TryOnce, Handshake> && state->context && !state->ssl) {
                // TLS before its handshake: never read or write the socket in the clear.
                result = {tls_detail::Attempt::Next::done, boost::asio::error::not_connected, 0};
            } else {
                result = try_once(state->ssl, state->socket.native_handle());
            }
            using Next = tls_detail::Attempt::Next;
            if (result.next != Next::done) {
                waited = true;
                auto wait = result.next == Next::wait_read ? boost::asio::socket_base::wait_read
                                                           : boost::asio::socket_base::wait_write;
                return state->socket.async_wait(wait, std::move(self));
            }
            if (!waited) {
                posted = true;
                return boost::asio::post(std::move(self));
            }
            finish(self, result.ec, result.bytes);
        }

        template <class Self>
        static void finish(Self& self, error_code ec, std::size_t bytes) {
            if constexpr (std::is_same_v<Signature, void(error_code)>)
                self.complete(ec);
            else
                self.complete(ec, bytes);
        }
    };

    template <class Signature, class Token, class TryOnce>
    auto start(Token& token, TryOnce try_once) {
        return boost::asio::async_compose<Token, Signature>(Op<Signature, TryOnce>{state_.get(), std::move(try_once)},
                                                            token, state_->socket);
    }

    // Writes a buffer sequence whole. A piece of at least a record goes to SSL_write
    // from the caller's memory (kept alive by the caller until completion); smaller
    // pieces are joined in the per-thread scratch into one record. When OpenSSL must
    // wait with a record from the scratch, the record is kept here, because the retry
    // must offer the same bytes and the scratch is shared with other connections.
    template <class ConstBuffers>
    struct WriteAll {
        explicit WriteAll(const ConstBuffers& buffers) : rest(buffers), total(boost::asio::buffer_size(buffers)) {}

        tls_detail::Attempt operator()(SSL* ssl, int fd) {
            while (written < total) {
                const void* data;
                std::size_t size;
                if (!held.empty()) {
                    data = held.data();
                    size = held.size();
                } else {
                    auto first = *rest.begin();
                    if (first.size() >= tls_detail::record_bytes) {
                        data = first.data();
                        size = first.size();
                    } else {
                        size = boost::asio::buffer_copy(
                            boost::asio::buffer(tls_detail::scratch(), tls_detail::record_bytes), rest);
                        data = tls_detail::scratch();
                    }
                }
                auto attempt = tls_detail::write(ssl, fd, data, size);
                if (attempt.next != tls_detail::Attempt::Next::done) {
                    if (data == tls_detail::scratch()) held.assign(static_cast<const char*>(data), size);
                    return attempt;
                }
                if (attempt.ec) return {tls_detail::Attempt::Next::done, attempt.ec, written};
                // A record from held or the scratch is written whole (it is at most one
                // record); from the caller's memory at least one record.
                held.clear();
                written += attempt.bytes;
                rest.consume(attempt.bytes);
            }
            return {tls_detail::Attempt::Next::done, {}, written};
        }

        boost::beast::buffers_suffix<ConstBuffers> rest;
        std::size_t total;
        std::size_t written = 0;
        std::string held;
    };

    std::shared_ptr<State> state_;
};

// Beast's websocket::stream ends its connection through these (found by ADL): our
// close_notify, then the TCP side as Beast's own teardown does it (stop sending, read
// what the peer still sends until it closes), and close(): never closing the
// descriptor early.
void teardown(boost::beast::role_type role, TlsSocket& socket, boost::system::error_code& ec);

template <class TeardownHandler>
void async_teardown(boost::beast::role_type, TlsSocket& socket, TeardownHandler&& handler) {
    boost::asio::async_compose<TeardownHandler, void(boost::system::error_code)>(
        [&socket, stage = 0](auto& self, boost::system::error_code ec = {}, std::size_t = 0) mutable {
            switch (stage) {
                case 0:
                    stage = 1;
                    return socket.async_shutdown(std::move(self));
                case 1:
                    stage = 2;
                    socket.shutdown_send();
                    [[fallthrough]];
                default:
                    // Until the peer closes (eof), an error, or a deadline or timeout.
                    if (!ec) return socket.async_read_some(socket.drain_buffer(), std::move(self));
                    socket.close();
                    if (ec == boost::asio::error::eof) ec = {};
                    return self.complete(ec);
            }
        },
        handler, socket);
}

}  // namespace kl::net
