// Two writers taking turns on one connection (serial_write_stream.hpp): their bytes
// never interleave, a write that finds the socket with room is done at once, and the
// waiting write starts when the first ends.
#include "server/net/serial_write_stream.hpp"
#include "server/net/tls_socket.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <gtest/gtest.h>

#include <string>

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Stream = kl::net::SerialWriteStream<kl::net::TlsSocket>;

class SerialWriteStreamTest : public ::testing::Test {
protected:
    SerialWriteStreamTest() : client(io) {
        client.connect(acceptor.local_endpoint());
        stream.emplace(kl::net::TlsSocket(acceptor.accept(), nullptr));
    }

    void run_until(const bool& flag) {
        io.restart();
        while (!flag && io.run_one() > 0) {
        }
        ASSERT_TRUE(flag);
    }

    std::string client_reads(std::size_t size) {
        std::string data(size, '\0');
        bool done = false;
        asio::async_read(client, asio::buffer(data), [&](boost::system::error_code ec, std::size_t) {
            EXPECT_FALSE(ec) << ec.message();
            done = true;
        });
        run_until(done);
        return data;
    }

    asio::io_context io;
    tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::address_v4::loopback(), 0)};
    tcp::socket client;
    std::optional<Stream> stream;
};

TEST_F(SerialWriteStreamTest, AWriteThatFindsRoomIsDoneAtOnce) {
    std::string small = "klein";
    boost::system::error_code ec;
    bool handler_called = false;
    EXPECT_TRUE(stream->write_now_or_later(
        asio::buffer(small), [&](boost::system::error_code, std::size_t) { handler_called = true; }, ec));
    EXPECT_FALSE(ec);
    EXPECT_EQ(client_reads(small.size()), small);
    EXPECT_FALSE(handler_called);
}

TEST_F(SerialWriteStreamTest, TwoWritersNeverInterleave) {
    // Each larger than what the loopback socket takes at once, so the first must wait
    // and the second arrives while it is in flight.
    const std::size_t size = 4 * 1024 * 1024;
    std::string first(size, 'a'), second(size, 'b');
    bool first_done = false, second_done = false;
    std::vector<char> order;
    stream->async_write_some(asio::buffer(first), [&](boost::system::error_code ec, std::size_t n) {
        EXPECT_FALSE(ec);
        EXPECT_EQ(n, size);
        order.push_back('a');
        first_done = true;
    });
    boost::system::error_code ec;
    bool now = stream->write_now_or_later(
        asio::buffer(second),
        [&](boost::system::error_code ec2, std::size_t n) {
            EXPECT_FALSE(ec2);
            EXPECT_EQ(n, size);
            order.push_back('b');
            second_done = true;
        },
        ec);
    EXPECT_FALSE(now) << "the second writer must wait for the first";

    auto received = client_reads(2 * size);
    run_until(second_done);
    EXPECT_TRUE(first_done);
    EXPECT_EQ(order, (std::vector<char>{'a', 'b'}));
    EXPECT_EQ(received.find('b'), size);
    EXPECT_EQ(received.find_last_of('a'), size - 1);
}

}  // namespace
