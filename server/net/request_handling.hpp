#pragma once
// What one HTTP request gets, whichever protocol carried it: HTTP/1.1 (http_session.cpp)
// and HTTP/2 (http2_session.cpp) both turn what arrived into a Beast request and hand
// it here, so that routing, the login cookie, the client address, the static files,
// the API (and the visibility gate behind it) and the security headers are one code
// path. The connections only frame the answer for their protocol.
#include "server/app/http/http_types.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kl::net {

struct Edge;

// Limits on what a client may send with one request, for both protocols.
inline constexpr std::uint64_t max_body_bytes = 64 * 1024;    // every body but an upload's
inline constexpr std::uint32_t max_header_bytes = 16 * 1024;  // all header fields together

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

// An answer, its security headers set. Without stream, response holds the whole body
// (Content-Length not yet set); length, when set, is the Content-Length of a body not
// sent (HEAD) or of none (304). With stream, response holds only the headers and the
// body comes from stream piece by piece.
struct Answer {
    Response response;
    std::optional<std::uint64_t> length;
    std::shared_ptr<app::BodyStream> stream;
};

// Called exactly once, on the calling thread (static files, errors) or another one
// (the API): the connection hops back onto its own strand.
using Answered = std::function<void(Answer)>;

// The path of a request target, without its query.
std::string target_path(std::string_view target);

// True when the request (its header is enough) goes to an upload route: its body is
// spooled to a file (app::SpoolFile) up to HttpApi::max_upload_bytes, not kept in memory.
bool is_upload(const Edge& edge, const Request& request);

// Answers request from peer (the TCP peer's address). upload: an upload route's
// spooled body (the request's own body is then empty). Not for the WebSocket upgrade,
// which only HTTP/1.1 carries (http_session.cpp).
void answer_request(Edge& edge, const Request& request, const std::string& peer, std::shared_ptr<app::SpoolFile> upload,
                    Answered answered);

// The JSON error answer {"error":{"code":…,"message":…}}.
Answer error_answer(boost::beast::http::status status, std::string_view code, std::string_view message);

}  // namespace kl::net
