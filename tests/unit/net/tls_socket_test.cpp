// The TLS socket over a real loopback TCP connection: a TLS round trip with a client
// on asio::ssl, gathered writes arriving whole and in order, and the descriptor rule
// (tls_socket.hpp): after a deadline or close() no operation reaches the number that
// the kernel may since have handed to another connection.
#include "server/net/tls_context.hpp"
#include "server/net/tls_socket.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include <fcntl.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using kl::net::TlsSocket;

// A connected pair on loopback: `client` is the peer, `server` the accepted side.
struct LoopbackPair {
    explicit LoopbackPair(asio::io_context& io, tcp::acceptor& acceptor) : client(io), server(io) {
        client.connect(acceptor.local_endpoint());
        server = acceptor.accept();
    }
    tcp::socket client;
    tcp::socket server;
};

class TlsSocketTest : public ::testing::Test {
protected:
    asio::io_context io;
    tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::address_v4::loopback(), 0)};

    // Runs the io_context until flag is set (every operation here completes).
    void run_until(const bool& flag) {
        io.restart();
        while (!flag && io.run_one() > 0) {
        }
        ASSERT_TRUE(flag);
    }
};

bool descriptor_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

TEST_F(TlsSocketTest, CloseKeepsTheDescriptorUntilTheObjectIsDestroyed) {
    LoopbackPair pair(io, acceptor);
    int fd = pair.server.native_handle();
    {
        TlsSocket socket(std::move(pair.server), nullptr);
        socket.close();
        socket.close();  // twice is harmless
        EXPECT_TRUE(descriptor_open(fd));
        std::string data = "x";
        boost::system::error_code ec;
        bool unused_handler_called = false;
        EXPECT_TRUE(socket.write_now_or_later(
            asio::buffer(data), [&](boost::system::error_code, std::size_t) { unused_handler_called = true; }, ec));
        EXPECT_EQ(ec, asio::error::operation_aborted);
        EXPECT_FALSE(unused_handler_called);
    }
    EXPECT_FALSE(descriptor_open(fd));
}

// A server certificate in a folder of the test's own, for TLS server sockets.
class TlsBeforeHello : public TlsSocketTest {
protected:
    void SetUp() override {
        directory = std::filesystem::temp_directory_path() /
                    ("kl-tls-socket-test-" + std::to_string(::getpid()) + "-" +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(directory);
        context.emplace(kl::net::make_server_context(kl::net::ensure_self_signed_certificate(directory.string())));
    }
    void TearDown() override { std::filesystem::remove_all(directory); }

    std::filesystem::path directory;
    std::optional<asio::ssl::context> context;
};

// A TLS server socket and an asio::ssl client, both on this test's io_context.
class TlsRoundTrip : public TlsBeforeHello {
protected:
    void SetUp() override {
        TlsBeforeHello::SetUp();
        LoopbackPair pair(io, acceptor);
        client.emplace(std::move(pair.client), client_context);
        server.emplace(std::move(pair.server), context->native_handle());

        bool server_done = false, client_done = false;
        boost::system::error_code server_error, client_error;
        server->async_handshake([&](boost::system::error_code ec) {
            server_error = ec;
            server_done = true;
        });
        client->async_handshake(asio::ssl::stream_base::client, [&](boost::system::error_code ec) {
            client_error = ec;
            client_done = true;
        });
        run_until(server_done);
        run_until(client_done);
        ASSERT_FALSE(server_error) << server_error.message();
        ASSERT_FALSE(client_error) << client_error.message();
    }
    void TearDown() override {
        server.reset();
        client.reset();
        TlsBeforeHello::TearDown();
    }

    // Reads exactly size bytes on the client.
    std::string client_reads(std::size_t size) {
        std::string data(size, '\0');
        bool done = false;
        boost::system::error_code error;
        asio::async_read(*client, asio::buffer(data), [&](boost::system::error_code ec, std::size_t) {
            error = ec;
            done = true;
        });
        run_until(done);
        EXPECT_FALSE(error) << error.message();
        return data;
    }

    asio::ssl::context client_context{asio::ssl::context::tls_client};  // verify_none: the test's own certificate
    std::optional<asio::ssl::stream<tcp::socket>> client;
    std::optional<TlsSocket> server;
};

TEST_F(TlsBeforeHello, ASilentClientCostsNoSslObjectAndNothingIsSentInTheClear) {
    LoopbackPair pair(io, acceptor);
    TlsSocket server(std::move(pair.server), context->native_handle());
    bool server_done = false;
    boost::system::error_code server_error;
    server.async_handshake([&](boost::system::error_code ec) {
        server_error = ec;
        server_done = true;
    });
    io.restart();
    io.poll();  // everything that can run without the client
    EXPECT_FALSE(server_done);
    EXPECT_EQ(server.native_handle(), nullptr) << "no SSL object before the client's first bytes";

    // Before the handshake nothing may reach the socket unencrypted.
    std::string data = "not yet";
    boost::system::error_code write_error;
    EXPECT_TRUE(server.write_now_or_later(asio::buffer(data), [](boost::system::error_code, std::size_t) {},
                                          write_error));
    EXPECT_EQ(write_error, asio::error::not_connected);
    EXPECT_EQ(pair.client.available(), 0u);

    // The hello arrives: the object is made and the handshake completes.
    asio::ssl::context client_context{asio::ssl::context::tls_client};
    asio::ssl::stream<tcp::socket> client(std::move(pair.client), client_context);
    bool client_done = false;
    boost::system::error_code client_error;
    client.async_handshake(asio::ssl::stream_base::client, [&](boost::system::error_code ec) {
        client_error = ec;
        client_done = true;
    });
    run_until(server_done);
    run_until(client_done);
    EXPECT_FALSE(server_error) << server_error.message();
    EXPECT_FALSE(client_error) << client_error.message();
    EXPECT_NE(server.native_handle(), nullptr);
}

TEST_F(TlsBeforeHello, AClientThatClosesBeforeItsHelloEndsTheHandshakeWithEof) {
    LoopbackPair pair(io, acceptor);
    TlsSocket server(std::move(pair.server), context->native_handle());
    bool done = false;
    boost::system::error_code error;
    server.async_handshake([&](boost::system::error_code ec) {
        error = ec;
        done = true;
    });
    pair.client.close();
    run_until(done);
    EXPECT_EQ(error, asio::error::eof);
    EXPECT_EQ(server.native_handle(), nullptr);
}

TEST_F(TlsBeforeHello, HandshakesInProgressAreCappedAndTheirSlotsComeBack) {
    kl::net::HandshakeSlots slots(1);
    struct Started {
        bool done = false;
        boost::system::error_code error;
    };
    auto start = [&](TlsSocket& socket, Started& started) {
        socket.async_handshake([&started](boost::system::error_code ec) {
            started.error = ec;
            started.done = true;
        });
    };
    // The first bytes of a hello (a record header), then nothing: a stalled handshake.
    const unsigned char partial_hello[] = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};

    LoopbackPair stalled_pair(io, acceptor);
    TlsSocket stalled(std::move(stalled_pair.server), context->native_handle(), &slots);
    Started stalled_started;
    start(stalled, stalled_started);
    asio::write(stalled_pair.client, asio::buffer(partial_hello));
    // Wait until the handshake holds its slot (the bytes arrive asynchronously).
    while (slots.in_progress() == 0 && io.run_one() > 0) {
    }
    EXPECT_EQ(slots.in_progress(), 1u);
    EXPECT_FALSE(stalled_started.done);

    LoopbackPair refused_pair(io, acceptor);
    TlsSocket refused(std::move(refused_pair.server), context->native_handle(), &slots);
    Started refused_started;
    start(refused, refused_started);
    asio::write(refused_pair.client, asio::buffer(partial_hello));
    run_until(refused_started.done);
    EXPECT_EQ(refused_started.error, asio::error::no_buffer_space);
    EXPECT_EQ(refused.native_handle(), nullptr) << "no SSL object without a slot";
    EXPECT_EQ(slots.refused(), 1u);

    // The stalled client gives up: its handshake ends and gives the slot back.
    stalled_pair.client.close();
    run_until(stalled_started.done);
    EXPECT_TRUE(stalled_started.error);
    EXPECT_EQ(slots.in_progress(), 0u);

    // A whole handshake takes the slot and gives it back when it is done.
    LoopbackPair pair(io, acceptor);
    TlsSocket server(std::move(pair.server), context->native_handle(), &slots);
    Started server_started;
    start(server, server_started);
    asio::ssl::context client_context{asio::ssl::context::tls_client};
    asio::ssl::stream<tcp::socket> client(std::move(pair.client), client_context);
    bool client_done = false;
    client.async_handshake(asio::ssl::stream_base::client, [&](boost::system::error_code) { client_done = true; });
    run_until(server_started.done);
    run_until(client_done);
    EXPECT_FALSE(server_started.error) << server_started.error.message();
    EXPECT_EQ(slots.in_progress(), 0u);
}

TEST_F(TlsRoundTrip, AWriteAfterTheDeadlineFailsAndReachesNoOtherConnection) {
    int fd = server->native_fd();
    // The deadline passes while the connection waits for something else (an answer from
    // the pool, say): nothing is in flight on the socket.
    server->expires_after(std::chrono::milliseconds(0));
    asio::steady_timer after(io, std::chrono::milliseconds(1));
    bool passed = false;
    after.async_wait([&](boost::system::error_code) { passed = true; });
    run_until(passed);
    EXPECT_FALSE(server->is_open());
    EXPECT_TRUE(descriptor_open(fd)) << "the descriptor must stay ours while the socket object lives";

    // A new connection: had the number been closed, it would be this one's (the kernel
    // hands out the lowest free number), and OpenSSL, which keeps the number, would
    // write the late answer into it.
    LoopbackPair second(io, acceptor);
    EXPECT_NE(second.client.native_handle(), fd);
    EXPECT_NE(second.server.native_handle(), fd);

    std::string late = "late answer";
    bool written = false;
    boost::system::error_code write_error;
    server->async_write_some(asio::buffer(late), [&](boost::system::error_code ec, std::size_t) {
        write_error = ec;
        written = true;
    });
    run_until(written);
    EXPECT_EQ(write_error, asio::error::operation_aborted);
    EXPECT_EQ(second.client.available(), 0u);
    EXPECT_EQ(second.server.available(), 0u);

    // The peer of the ended connection sees its end (without close_notify), no data.
    std::array<char, 64> received{};
    boost::system::error_code read_error;
    auto n = client->read_some(asio::buffer(received), read_error);
    EXPECT_EQ(n, 0u);
    EXPECT_EQ(read_error, asio::ssl::error::stream_truncated) << read_error.message();
}

TEST_F(TlsRoundTrip, BytesGoBothWays) {
    std::string hello = "hallo server";
    bool sent = false;
    asio::async_write(*client, asio::buffer(hello), [&](boost::system::error_code ec, std::size_t) {
        EXPECT_FALSE(ec);
        sent = true;
    });
    run_until(sent);
    std::string received(hello.size(), '\0');
    bool read = false;
    asio::async_read(*server, asio::buffer(received), [&](boost::system::error_code ec, std::size_t) {
        EXPECT_FALSE(ec);
        read = true;
    });
    run_until(read);
    EXPECT_EQ(received, hello);
}

TEST_F(TlsRoundTrip, AGatheredWriteOfManySmallPiecesAndOneLargeArrivesWholeAndInOrder) {
    std::vector<std::string> pieces;
    for (int i = 0; i < 3000; ++i) pieces.push_back("frame " + std::to_string(i) + ";");
    pieces.push_back(std::string(3 * 1024 * 1024, 'L'));  // larger than the socket's buffer: it must wait
    pieces.push_back("end");
    std::vector<asio::const_buffer> buffers;
    std::string expected;
    for (const auto& piece : pieces) {
        buffers.push_back(asio::buffer(piece));
        expected += piece;
    }
    bool written = false;
    std::size_t bytes = 0;
    server->async_write_some(buffers, [&](boost::system::error_code ec, std::size_t n) {
        EXPECT_FALSE(ec);
        bytes = n;
        written = true;
    });
    std::string received = client_reads(expected.size());
    run_until(written);
    EXPECT_EQ(bytes, expected.size());
    EXPECT_TRUE(received == expected);
}

TEST_F(TlsRoundTrip, AReadInFlightEndsWhenTheDeadlinePassesAndLaterReadsFailCleanly) {
    std::array<char, 16> buffer{};
    bool read = false;
    boost::system::error_code error;
    server->expires_after(std::chrono::milliseconds(1));
    server->async_read_some(asio::buffer(buffer), [&](boost::system::error_code ec, std::size_t) {
        error = ec;
        read = true;
    });
    run_until(read);
    EXPECT_EQ(error, asio::error::operation_aborted);

    read = false;
    server->async_read_some(asio::buffer(buffer), [&](boost::system::error_code ec, std::size_t) {
        error = ec;
        read = true;
    });
    run_until(read);
    EXPECT_EQ(error, asio::error::operation_aborted);
}

}  // namespace
