#include "server/app/http/http_api.hpp"

#include "protocol/json_parse.hpp"
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

// "/api/activation/abc" with prefix "/api/activation/" → "abc"; empty when nested further.
std::string path_tail(const std::string& path, std::string_view prefix) {
    auto tail = path.substr(prefix.size());
    return tail.find('/') == std::string::npos ? tail : std::string();
}

}  // namespace

HttpApi::HttpApi(Services& services, Accounts& accounts, Invitations& invitations)
    : services_(services), accounts_(accounts), invitations_(invitations), export_(services) {}

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
    try {
        route(request, respond);
    } catch (const ProtocolError& e) {
        respond(error_response(e));
    }
}

void HttpApi::route(const HttpRequest& request, Respond& respond) {
    const auto& path = request.path;
    const bool get = request.method == "GET" || request.method == "HEAD";
    const bool post = request.method == "POST";
    auto body = [&] { return protocol::parse_object(request.body); };

    if (path == "/healthz" && get) return respond(json_response(200, {{"status", "ok"}}));
    if (path == "/api/setup" && get) return accounts_.setup_status(respond);
    if (path == "/api/setup" && post) return accounts_.setup(request, body(), respond);
    if (path == "/api/login" && post) return accounts_.login(request, body(), respond);
    if (path == "/api/logout" && post) return accounts_.logout(request, respond);
    if (path == "/api/me" && get) return accounts_.me(request, respond);
    if (starts_with(path, "/api/activation/")) {
        auto token = path_tail(path, "/api/activation/");
        if (get) return accounts_.activation_info(token, respond);
        if (post) return accounts_.activate(request, token, body(), respond);
    }
    if (starts_with(path, "/api/invitations/")) {
        auto rest = path.substr(std::string_view("/api/invitations/").size());
        auto slash = rest.find('/');
        auto token = rest.substr(0, slash);
        if (slash == std::string::npos && get) return invitations_.info(request, token, respond);
        if (slash != std::string::npos && rest.substr(slash) == "/accept" && post)
            return invitations_.accept(request, token, body(), respond);
    }
    if (starts_with(path, "/api/sessions/") && get) {
        auto rest = path.substr(std::string_view("/api/sessions/").size());
        auto slash = rest.find('/');
        if (slash != std::string::npos && rest.substr(slash) == "/export")
            return export_.handle(request, rest.substr(0, slash), std::move(respond));
    }
    respond(error_response(ErrorCode::not_found, "Onbekend adres."));
}

}  // namespace kl::app
