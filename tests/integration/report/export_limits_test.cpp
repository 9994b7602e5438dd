// Exports under abuse: a download that its client does not read holds the user's one
// export slot (a second export of theirs is refused with 429, another member's is not)
// until the client goes; then the next export works.
#include "support/fixture.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>

#include <chrono>

using namespace kl::test;

namespace {

namespace asio = boost::asio;

// A TLS client that asks for a download and then stops reading. Its receive buffer is
// kept small, so that the server soon has to wait for it.
class StalledDownload {
public:
    StalledDownload(std::uint16_t port, const std::string& target, const std::string& cookie, const std::string& origin)
        : socket_(io_, context_) {
        auto& tcp = socket_.next_layer();
        tcp.open(asio::ip::tcp::v4());
        tcp.set_option(asio::socket_base::receive_buffer_size(4096));
        tcp.connect({asio::ip::make_address("127.0.0.1"), port});
        SSL_set_tlsext_host_name(socket_.native_handle(), "localhost");
        socket_.handshake(asio::ssl::stream_base::client);
        std::string request = "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nOrigin: " + origin +
                              "\r\nCookie: kl_session=" + cookie + "\r\n\r\n";
        asio::write(socket_, asio::buffer(request));
        // The status line arrives: the export runs. Then nothing more is read.
        std::array<char, 512> head{};
        auto n = socket_.read_some(asio::buffer(head));
        status_line_ = std::string(head.data(), n).substr(0, std::string(head.data(), n).find('\r'));
    }
    const std::string& status_line() const { return status_line_; }

private:
    asio::io_context io_;
    asio::ssl::context context_{asio::ssl::context::tls_client};
    asio::ssl::stream<asio::ip::tcp::socket> socket_;
    std::string status_line_;
};

class ExportLimitTest : public SessionMembersTest {};

TEST_F(ExportLimitTest, AStalledDownloadHoldsOnlyItsUsersSlotUntilItsClientGoes) {
    // A report of some 8 MB: far more than the socket buffers and the pipe hold.
    auto thread = participant->request("thread.create", {{"session", session}, {"title", "Lang"}, {"kind", "vraag"}, {"body", "Start"}});
    ASSERT_EQ(thread["ok"], true);
    for (int i = 0; i < 400; ++i) {
        auto made = participant->request("post.create", {{"thread", thread["thread"]["id"]}, {"body", std::string(20'000, 'e')},
                                                         {"client_msg_id", "lang" + std::to_string(i)}});
        ASSERT_EQ(made["ok"], true) << made.dump().substr(0, 200);
    }
    auto target = "/api/sessions/" + session + "/export?format=md";
    auto stalled = std::make_unique<StalledDownload>(server.port(), target, participant_cookie, server.origin());
    ASSERT_EQ(stalled->status_line(), "HTTP/1.1 200 OK");

    auto again = https(server.port(), "GET", target, "", same_origin(participant_cookie));
    EXPECT_EQ(again.status, 429);
    EXPECT_NE(again.body.find("rate_limited"), std::string::npos);
    // Another member is not held up by it.
    EXPECT_EQ(https(server.port(), "GET", target, "", same_origin(observer_cookie)).status, 200);

    stalled.reset();  // the client goes: the server notices and frees the slot
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    int status = 0;
    while (status != 200 && std::chrono::steady_clock::now() < deadline)
        status = https(server.port(), "GET", target, "", same_origin(participant_cookie)).status;
    EXPECT_EQ(status, 200);
}

}  // namespace
