#include "server/app/http/http_api.hpp"

#include "server/app/http/http_responses.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

bool is_json(const std::string& content_type) {
    auto type = content_type.substr(0, content_type.find(';'));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return type == "application/json";
}

}  // namespace

HttpApi::HttpApi(Services& services, const HttpRoutes& routes)
    : services_(services), routes_(routes), trusted_proxies_(services.config.trusted_proxies) {}

std::string HttpApi::client_address(const std::string& peer, std::string_view forwarded_for) const {
    return trusted_proxies_.client_address(peer, forwarded_for);
}

bool HttpApi::handles(const std::string& path) {
    return path == "/healthz" || path == "/api" || starts_with(path, "/api/");
}

void HttpApi::handle(const HttpRequest& request, Respond respond) {
    // Cross-site requests cannot change state: the browser always sends Origin on a
    // POST, and a form cannot send application/json.
    if (request.method != "GET" && request.method != "HEAD") {
        if (request.origin != services_.origin)
            return respond(error_response(ErrorCode::forbidden, "Verzoek van een andere herkomst geweigerd."));
        if (request.method == "POST" && !is_json(request.content_type))
            return respond(error_response(ErrorCode::forbidden, "Alleen JSON-verzoeken zijn toegestaan."));
    }
    if (request.path == "/healthz" && (request.method == "GET" || request.method == "HEAD"))
        return respond(json_response(200, {{"status", "ok"}}));
    std::string param;
    const Route* route = routes_.match(request, param);
    if (!route) return respond(error_response(ErrorCode::not_found, "Onbekend adres."));
    try {
        (*route)(request, param, respond);
    } catch (const ProtocolError& e) {
        respond(error_response(e));
    }
}

}  // namespace kl::app
