#include "server/net/first_view.hpp"

#include "server/app/realtime/answers_for_page.hpp"
#include "server/net/edge.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace kl::net {

namespace {

// A session id as the URL may carry it: the verb validates it further.
bool plausible_id(const std::string& id) {
    return !id.empty() && id.size() <= 40 &&
           std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

protocol::Request page_request(std::string type, nlohmann::json params) {
    params["id"] = "first-view";
    params["type"] = type;
    return {"first-view", std::move(type), std::move(params)};
}

}  // namespace

std::vector<protocol::Request> first_requests(const ClientRoutes* routes, const std::string& path) {
    if (!routes) return {};
    // The pages of web/routes.json that start from a WebSocket answer.
    auto found = routes->match_with_params(path);
    const auto& name = found.route.name;
    if (name == "start") return {page_request("session.list", nlohmann::json::object())};
    if (name == "session" || name == "review") {
        const auto& id = found.params["id"];
        if (plausible_id(id)) return {page_request("session.state", {{"session", id}})};
    }
    return {};
}

std::string shell_with_first_view(std::string_view shell, std::string_view data) {
    std::string html(shell);
    // The preload of the login is not needed: the login is in the data.
    constexpr std::string_view preload = "<link rel=\"preload\" href=\"/api/me?boot\"";
    if (auto at = html.find(preload); at != std::string::npos) {
        auto end = html.find('>', at);
        if (end != std::string::npos) {
            auto line_end = end + 1;
            while (line_end < html.size() && (html[line_end] == '\n' || html[line_end] == ' ')) ++line_end;
            html.erase(at, line_end - at);
        }
    }
    std::string block = "<script type=\"application/json\" id=\"kl-first-view\">" + json_for_script(data) + "</script>\n";
    auto body_end = html.rfind("</body>");
    html.insert(body_end == std::string::npos ? html.size() : body_end, block);
    return html;
}

void first_view(Edge& edge, std::string_view path, app::HttpRequest me, FirstViewDone done) {
    auto requests = first_requests(edge.static_files.routes(), std::string(path));
    if (requests.empty() || me.cookie_token.empty()) return done(std::nullopt);
    const auto* shell = edge.static_files.find(std::string(path));
    if (!shell || !shell->shell) return done(std::nullopt);
    me.method = "GET";
    me.path = "/api/me";
    me.query.clear();
    me.body.clear();
    edge.api.handle(me, [&edge, shell, requests = std::move(requests),
                         done = std::move(done)](app::HttpResponse response) mutable {
        if (response.status != 200 || response.stream) return done(std::nullopt);
        nlohmann::json login;
        std::int64_t user_id = 0;
        try {
            login = nlohmann::json::parse(response.body);
            user_id = std::stoll(login.at("user").at("id").get<std::string>());
        } catch (const std::exception&) {
            return done(std::nullopt);
        }
        // Held back until a second factor is set up: the page goes to Beveiliging and
        // needs no other data.
        if (login.value("second_factor_setup_required", false)) requests.clear();
        std::vector<nlohmann::json> asked;
        for (const auto& request : requests) {
            auto params = request.params;
            params.erase("id");
            params.erase("type");
            asked.push_back({{"type", request.type}, {"params", std::move(params)}});
        }
        app::answers_for_page(
            edge.dispatcher, user_id, std::move(requests),
            [shell, body = std::move(response.body), asked = std::move(asked),
             done = std::move(done)](std::vector<std::string> answers) {
                // {"me":<the /api/me answer>,"answers":[{"type","params","answer":<frame>}]}:
                // the answers spliced in as the WebSocket would have sent them.
                std::string data = "{\"me\":" + body + ",\"answers\":[";
                for (std::size_t i = 0; i < answers.size() && i < asked.size(); ++i) {
                    auto entry = asked[i].dump();
                    entry.pop_back();
                    data += (i ? "," : "") + entry + ",\"answer\":" + answers[i] + "}";
                }
                data += "]}";
                done(shell_with_first_view(shell->identity.body, data));
            });
    });
}

}  // namespace kl::net
