#include "server/app/http/http_responses.hpp"

#include "protocol/envelope.hpp"
#include "protocol/json_parse.hpp"

#include <algorithm>
#include <cstdint>

namespace kl::app {

HttpResponse json_response(int status, const nlohmann::json& body) {
    HttpResponse response;
    response.status = status;
    response.body = protocol::dump(body);
    return response;
}

HttpResponse error_response(const protocol::ProtocolError& error) {
    auto body = protocol::error_body(error.code(), error.what());
    if (error.extra().is_object()) body.update(error.extra());
    return json_response(protocol::http_status(error.code()), body);
}

HttpResponse error_response(protocol::ErrorCode code, std::string_view message) {
    return json_response(protocol::http_status(code), protocol::error_body(code, message));
}

HttpResponse empty_response(int status) {
    HttpResponse response;
    response.status = status;
    response.content_type.clear();
    return response;
}

HttpResponse rate_limited_response(std::string_view message, std::chrono::seconds retry_after) {
    const auto seconds = std::max<std::int64_t>(1, retry_after.count());
    auto body = protocol::error_body(protocol::ErrorCode::rate_limited, message);
    body["error"]["retry_after"] = seconds;
    auto response = json_response(429, body);
    response.headers.emplace_back("Retry-After", std::to_string(seconds));
    return response;
}

void set_login_cookie(HttpResponse& response, const std::string& token) {
    response.headers.emplace_back("Set-Cookie", "kl_session=" + token + "; Path=/; Max-Age=" +
                                                    std::to_string(login_lifetime_seconds) +
                                                    "; HttpOnly; Secure; SameSite=Strict");
}

void clear_login_cookie(HttpResponse& response) {
    response.headers.emplace_back("Set-Cookie", "kl_session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict");
}

}  // namespace kl::app
