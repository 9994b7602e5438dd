#include "server/net/tls_socket.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <sys/socket.h>

#include <cerrno>
#include <stdexcept>

namespace kl::net {

namespace tls_detail {

namespace {

// Turns the result of an SSL call (ret > 0: success) into what to do next. Called right
// after the call, on the same thread: the error queue and errno are still its own.
Attempt outcome(SSL* ssl, int ret, std::size_t bytes) {
    if (ret > 0) return {Attempt::Next::done, {}, bytes};
    int saved_errno = errno;
    switch (SSL_get_error(ssl, ret)) {
        case SSL_ERROR_WANT_READ:
            return {Attempt::Next::wait_read, {}, 0};
        case SSL_ERROR_WANT_WRITE:
            return {Attempt::Next::wait_write, {}, 0};
        case SSL_ERROR_ZERO_RETURN:
            // The peer's close_notify: a clean end of the stream.
            return {Attempt::Next::done, boost::asio::error::eof, 0};
        case SSL_ERROR_SYSCALL:
            if (ERR_peek_error() == 0 && saved_errno == 0)
                return {Attempt::Next::done, boost::asio::ssl::error::stream_truncated, 0};
            if (saved_errno != 0)
                return {Attempt::Next::done, {saved_errno, boost::system::system_category()}, 0};
            break;
        default:
            break;
    }
    unsigned long error = ERR_get_error();
    ERR_clear_error();
    // TCP closed without close_notify: what asio::ssl calls stream_truncated, harmless
    // after a complete message (Beast's examples ignore it).
    if (ERR_GET_REASON(error) == SSL_R_UNEXPECTED_EOF_WHILE_READING)
        return {Attempt::Next::done, boost::asio::ssl::error::stream_truncated, 0};
    if (error == 0) return {Attempt::Next::done, boost::asio::error::connection_reset, 0};
    return {Attempt::Next::done, {static_cast<int>(error), boost::asio::error::get_ssl_category()}, 0};
}

}  // namespace

// What a failed recv or send (n < 0) means; errno is still its own.
static Attempt plain_outcome(Attempt::Next retry) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return {retry, {}, 0};
    if (errno == EINTR) return {retry, {}, 0};
    return {Attempt::Next::done, {errno, boost::system::system_category()}, 0};
}

Attempt handshake(SSL* ssl) {
    if (!ssl) return {};
    ERR_clear_error();
    errno = 0;
    return outcome(ssl, SSL_do_handshake(ssl), 0);
}

Attempt read(SSL* ssl, int fd, void* data, std::size_t size) {
    if (!ssl) {
        auto n = ::recv(fd, data, size, 0);
        if (n > 0) return {Attempt::Next::done, {}, static_cast<std::size_t>(n)};
        if (n == 0) return {Attempt::Next::done, boost::asio::error::eof, 0};
        return plain_outcome(Attempt::Next::wait_read);
    }
    ERR_clear_error();
    errno = 0;
    std::size_t bytes = 0;
    int ret = SSL_read_ex(ssl, data, size, &bytes);
    return outcome(ssl, ret, bytes);
}

Attempt write(SSL* ssl, int fd, const void* data, std::size_t size) {
    if (!ssl) {
        auto n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n >= 0) return {Attempt::Next::done, {}, static_cast<std::size_t>(n)};
        return plain_outcome(Attempt::Next::wait_write);
    }
    ERR_clear_error();
    errno = 0;
    std::size_t bytes = 0;
    int ret = SSL_write_ex(ssl, data, size, &bytes);
    return outcome(ssl, ret, bytes);
}

Attempt shutdown(SSL* ssl, int fd) {
    if (!ssl) {
        ::shutdown(fd, SHUT_WR);
        return {};
    }
    ERR_clear_error();
    errno = 0;
    // 0: our close_notify is out, the peer's not yet read; we do not wait for it.
    int ret = SSL_shutdown(ssl);
    if (ret == 0) return {};
    return outcome(ssl, ret, 0);
}

unsigned char* scratch() {
    thread_local unsigned char buffer[record_bytes];
    return buffer;
}

}  // namespace tls_detail

TlsSocket::State::State(boost::asio::ip::tcp::socket&& s, SSL_CTX* ssl_context, HandshakeSlots* handshake_slots)
    : socket(std::move(s)), context(ssl_context), slots(handshake_slots), deadline(socket.get_executor()) {}

TlsSocket::State::~State() {
    if (ssl) SSL_free(ssl);
    if (holds_slot) slots->give_back();
}

TlsSocket::TlsSocket(boost::asio::ip::tcp::socket&& socket, SSL_CTX* context, HandshakeSlots* slots)
    : state_(std::make_shared<State>(std::move(socket), context, slots)) {
    state_->socket.native_non_blocking(true);
}

tls_detail::Attempt TlsSocket::State::handshake() {
    using tls_detail::Attempt;
    if (!context) return {};  // plain TCP: nothing to agree on
    if (!ssl) {
        // Until the client has sent something, only the socket is ours to keep.
        char first;
        auto n = ::recv(socket.native_handle(), &first, 1, MSG_PEEK);
        if (n == 0) return {Attempt::Next::done, boost::asio::error::eof, 0};
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return {Attempt::Next::wait_read, {}, 0};
            return {Attempt::Next::done, {errno, boost::system::system_category()}, 0};
        }
        if (slots) {
            if (!slots->take()) return {Attempt::Next::done, boost::asio::error::no_buffer_space, 0};
            holds_slot = true;
        }
        SSL* made = SSL_new(context);
        if (!made) return {Attempt::Next::done, boost::asio::error::no_memory, 0};
        ssl = made;  // owned from here, whatever follows
        // OpenSSL calls read() and write() on the socket itself; Asio only waits for
        // readiness. A write may be retried from another buffer with the same bytes (the
        // scratch record is copied when it must wait), and may end after whole records.
        SSL_set_mode(ssl,
                     SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
        if (SSL_set_fd(ssl, socket.native_handle()) != 1)
            return {Attempt::Next::done, boost::asio::error::no_memory, 0};
        SSL_set_accept_state(ssl);
    }
    auto attempt = tls_detail::handshake(ssl);
    if (attempt.next == Attempt::Next::done && holds_slot) {
        // Done either way: its buffers are released (or the connection ends).
        holds_slot = false;
        slots->give_back();
    }
    return attempt;
}

void TlsSocket::State::close() {
    if (closed) return;
    closed = true;
    boost::system::error_code ignored;
    deadline.cancel();
    // shutdown wakes a peer and ends the TCP connection now; cancel ends the waits in
    // flight. Both leave the descriptor open (its number stays ours).
    socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    socket.cancel(ignored);
}

void TlsSocket::expires_after(std::chrono::steady_clock::duration after) {
    state_->deadline.expires_after(after);
    // Weak: a connection that is gone needs no closing, and its timer's last handler
    // may run after it.
    state_->deadline.async_wait([weak = std::weak_ptr<State>(state_)](const boost::system::error_code& ec) {
        auto state = weak.lock();
        if (ec || !state) return;
        state->close();
    });
}

void TlsSocket::expires_never() { state_->deadline.cancel(); }

void TlsSocket::close() { state_->close(); }

void TlsSocket::shutdown_send() {
    if (state_->closed) return;
    boost::system::error_code ignored;
    state_->socket.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
}

void teardown(boost::beast::role_type, TlsSocket& socket, boost::system::error_code& ec) {
    // Best effort: the socket is non-blocking, and what OpenSSL cannot send now is
    // not worth waiting for in a synchronous teardown.
    if (socket.is_open()) tls_detail::shutdown(socket.native_handle(), socket.native_fd());
    socket.close();
    ec = {};
}

}  // namespace kl::net
