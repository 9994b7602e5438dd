#include "server/app/http/http_api.hpp"

#include "server/app/core/crypto.hpp"
#include "server/app/http/http_responses.hpp"
#include "storage/tokens.hpp"

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

HttpApi::HttpApi(Services& services, const HttpRoutes& routes, const SecondFactorGate& gate)
    : services_(services), routes_(routes), gate_(gate), trusted_proxies_(services.config.trusted_proxies) {}

std::string HttpApi::client_address(const std::string& peer, std::string_view forwarded_for) const {
    return trusted_proxies_.client_address(peer, forwarded_for);
}

bool HttpApi::handles(const std::string& path) {
    return path == "/healthz" || path == "/api" || starts_with(path, "/api/");
}

void HttpApi::handle(const HttpRequest& request, Respond respond) {
    // Cross-site requests cannot change state: the browser always sends Origin on a
    // POST, and a form cannot send application/json. An upload carries the file's own
    // type; the Origin check alone keeps other sites from sending one.
    if (request.method != "GET" && request.method != "HEAD") {
        if (request.origin != services_.origin)
            return respond(error_response(ErrorCode::forbidden, "Verzoek van een andere herkomst geweigerd."));
        if (request.method == "POST" && !request.upload && !is_json(request.content_type))
            return respond(error_response(ErrorCode::forbidden, "Alleen JSON-verzoeken zijn toegestaan."));
    }
    if (request.path == "/healthz" && (request.method == "GET" || request.method == "HEAD"))
        return respond(json_response(200, {{"status", "ok"}}));
    std::string param;
    SecondFactorCheck check = SecondFactorCheck::applies;
    const Route* route = routes_.match(request, param, &check);
    if (!route) return respond(error_response(ErrorCode::not_found, "Onbekend adres."));
    auto run = [route, param](const HttpRequest& request, const Respond& respond) {
        try {
            (*route)(request, param, respond);
        } catch (const ProtocolError& e) {
            respond(error_response(e));
        }
    };
    // While the policy requires no factor (the usual case) this costs nothing; otherwise
    // the cookie's user is looked up on the pool first. An unknown cookie passes: the
    // route answers it as it would without the gate.
    if (check == SecondFactorCheck::exempt || request.cookie_token.empty() ||
        gate_.policy() == SecondFactorPolicy::none)
        return run(request, respond);
    services_.pool.post([this, request, respond, run](storage::Connection& c) {
        std::optional<std::int64_t> user_id;
        try {
            user_id = storage::login_token_user(c, token_hash(request.cookie_token), services_.now());
        } catch (const std::exception&) {
            return respond(error_response(ErrorCode::internal, ""));
        }
        if (user_id && gate_.blocks(*user_id))
            return respond(error_response(ErrorCode::second_factor_required, second_factor_required_message));
        run(request, respond);
    });
}

}  // namespace kl::app
