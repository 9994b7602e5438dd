#pragma once
// Building the application's HTTP answers: JSON bodies, error bodies, the login cookie.
#include "protocol/errors.hpp"
#include "server/app/http/http_types.hpp"

#include <nlohmann/json.hpp>

#include <chrono>

namespace kl::app {

inline constexpr int login_lifetime_seconds = 12 * 60 * 60;  // one working day

HttpResponse json_response(int status, const nlohmann::json& body);
HttpResponse error_response(const protocol::ProtocolError& error);
HttpResponse error_response(protocol::ErrorCode code, std::string_view message);
HttpResponse empty_response(int status);
// 429 rate_limited: the wait in whole seconds both in the body
// ({"error":{"code","message","retry_after"}}) and in a Retry-After header.
HttpResponse rate_limited_response(std::string_view message, std::chrono::seconds retry_after);
// Sets the kl_session cookie (HttpOnly; Secure; SameSite=Strict; Path=/).
void set_login_cookie(HttpResponse& response, const std::string& token);
void clear_login_cookie(HttpResponse& response);

}  // namespace kl::app
