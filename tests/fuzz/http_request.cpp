// Bytes from a stranger's HTTP connection, without the socket: Beast's request parser
// with the limits server/net/http_session.cpp sets (16 KiB of headers, 64 KiB of
// body), then what HttpSession::handle_request takes from a parsed request (path and
// query, the kl_session cookie, every X-Forwarded-For line, the client address behind
// a trusted proxy, the route), and the JSON body as the API routes parse it. The
// parser must refuse what is over its limits; nothing may crash or throw anything
// but a ProtocolError from the body.
#include "check.hpp"

#include "protocol/errors.hpp"
#include "protocol/json_parse.hpp"
#include "server/app/http/client_address.hpp"
#include "server/app/http/cookies.hpp"
#include "server/app/http/http_api.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace {

namespace beast = boost::beast;
namespace http = beast::http;

// As in server/net/http_session.cpp.
constexpr std::uint64_t max_body_bytes = 64 * 1024;
constexpr std::uint32_t max_header_bytes = 16 * 1024;

// Feeds all of input to parser as one read would, then the end of the stream. The
// error, or none when a whole request was parsed.
beast::error_code parse(http::request_parser<http::string_body>& parser, std::string_view input) {
    while (!parser.is_done()) {
        beast::error_code ec;
        const auto used = parser.put(boost::asio::buffer(input.data(), input.size()), ec);
        input.remove_prefix(used);
        if (ec && ec != http::error::need_more) return ec;
        if (used == 0) {
            // It needs more than there is: the client closed the connection here. As
            // http::read does: end_of_stream before any byte, else the parser decides.
            if (!parser.got_some()) return http::error::end_of_stream;
            ec = {};
            parser.put_eof(ec);
            if (ec) return ec;
            return parser.is_done() ? beast::error_code() : beast::error_code(http::error::partial_message);
        }
    }
    return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(max_body_bytes);
    parser.header_limit(max_header_bytes);
    if (parse(parser, std::string_view(reinterpret_cast<const char*>(data), size))) return 0;
    // Headers and body within the limits (size() is an upper bound of both).
    auto request = parser.release();
    KL_FUZZ_CHECK(request.body().size() <= max_body_bytes);
    (void)beast::websocket::is_upgrade(request);

    // As HttpSession::handle_request builds the application's request.
    kl::app::HttpRequest api;
    api.method = std::string(request.method_string());
    const std::string target(request.target());
    api.path = target.substr(0, target.find('?'));
    if (const auto q = target.find('?'); q != std::string::npos) api.query = target.substr(q + 1);
    api.cookie_token = kl::app::cookie_value(request[http::field::cookie], "kl_session");
    api.origin = std::string(request[http::field::origin]);
    api.content_type = std::string(request[http::field::content_type]);
    api.body = std::move(request.body());
    std::string forwarded_for;
    for (auto [line, end] = request.equal_range("X-Forwarded-For"); line != end; ++line)
        forwarded_for += (forwarded_for.empty() ? "" : ",") + std::string(line->value());
    static const kl::app::TrustedProxies proxies({"127.0.0.1"});
    api.address = proxies.client_address("127.0.0.1", forwarded_for);
    KL_FUZZ_CHECK(!api.address.empty());
    (void)kl::app::HttpApi::handles(api.path);

    // The routes parse JSON bodies with the protocol's parser and limits.
    try {
        (void)kl::protocol::parse_object(api.body);
    } catch (const kl::protocol::ProtocolError&) {
    }
    return 0;
}
