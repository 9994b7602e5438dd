#include "server/net/request_handling.hpp"

#include "server/app/http/cookies.hpp"
#include "server/net/edge.hpp"
#include "server/net/first_view.hpp"
#include "server/net/security_headers.hpp"

#include <boost/beast/core/string.hpp>

#include <algorithm>

namespace kl::net {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// The shared security headers, except one the answer set itself (a stricter CSP:
// "sandbox"); policy, when not empty, replaces the shared Content-Security-Policy.
void add_security_headers(Response& response, std::string_view policy = {}) {
    for (auto& [name, value] : security_headers)
        if (response.find(name) == response.end()) response.set(name, value);
    if (!policy.empty()) response.set("Content-Security-Policy", policy);
}

Answer finished(Response response, std::string_view policy = {}, std::optional<std::uint64_t> length = std::nullopt) {
    add_security_headers(response, policy);
    return {std::move(response), length, nullptr};
}

std::string query_of(std::string_view target) {
    auto q = target.find('?');
    return q == std::string_view::npos ? std::string() : std::string(target.substr(q + 1));
}

// The request as the application sees it, without its body.
app::HttpRequest api_request(const Edge& edge, const Request& request, const std::string& peer) {
    app::HttpRequest api;
    api.method = std::string(request.method_string());
    api.path = target_path(request.target());
    api.query = query_of(request.target());
    api.cookie_token = app::cookie_value(request[http::field::cookie], "kl_session");
    api.origin = std::string(request[http::field::origin]);
    api.content_type = std::string(request[http::field::content_type]);
    // Every X-Forwarded-For line, in order: a proxy may add its own line after the client's.
    std::string forwarded_for;
    for (auto [line, end] = request.equal_range("X-Forwarded-For"); line != end; ++line)
        forwarded_for += (forwarded_for.empty() ? "" : ",") + std::string(line->value());
    api.address = edge.api.client_address(peer, forwarded_for);
    return api;
}

Answer api_answer(app::HttpResponse api) {
    Response response{static_cast<http::status>(api.status), 11};
    if (!api.content_type.empty()) response.set(http::field::content_type, api.content_type);
    // An answer may name its own caching (a thumbnail); all others are not stored.
    bool own_caching = std::any_of(api.headers.begin(), api.headers.end(),
                                   [](const auto& header) { return beast::iequals(header.first, "Cache-Control"); });
    if (!own_caching) response.set(http::field::cache_control, "no-store");
    if (api.stream) {
        // Set, not inserted: a streamed answer's headers replace the shared ones.
        for (auto& [name, value] : security_headers) response.set(name, value);
        for (auto& [name, value] : api.headers) response.set(name, value);
        return {std::move(response), std::nullopt, std::move(api.stream)};
    }
    for (auto& [name, value] : api.headers) response.insert(name, value);
    response.body() = std::move(api.body);
    return finished(std::move(response));
}

// A file of the client: its encoding by Accept-Encoding, 304 when If-None-Match
// names it, the caching static_files.hpp explains. HEAD gets the headers of the
// GET, Content-Length included. (API answers never come here: never compressed.)
Answer static_answer(const Edge& edge, const Request& request) {
    auto answer = edge.static_files.answer(target_path(request.target()), query_of(request.target()),
                                           request[http::field::accept_encoding], request[http::field::if_none_match]);
    if (answer.status == 404) return error_answer(http::status::not_found, "not_found", "Niet gevonden.");
    Response response{answer.status == 304 ? http::status::not_modified : http::status::ok, 11};
    response.set(http::field::etag, answer.representation->etag);
    response.set(http::field::cache_control, answer.cache_control);
    if (answer.vary) response.set(http::field::vary, "Accept-Encoding");
    std::optional<std::uint64_t> length;
    if (answer.status == 200) {
        response.set(http::field::content_type, answer.file->content_type);
        if (!answer.content_encoding.empty()) response.set(http::field::content_encoding, answer.content_encoding);
        if (request.method() == http::verb::head) length = answer.representation->body.size();
        else response.body() = answer.representation->body;
    } else {
        length = 0;  // a 304 has no body, and says nothing about the length
    }
    auto policy = answer.file->shell ? std::string_view(edge.static_files.shell_policy()) : std::string_view();
    return finished(std::move(response), policy, length);
}

// The shell with the first view's data (first_view.hpp) for a signed-in GET of a page
// that starts from data, else the plain shell or file. Personal: never stored by a
// shared cache, never compressed (BREACH), no validator (it differs per viewer and
// visit).
void page_answer(Edge& edge, const Request& request, const std::string& peer, Answered answered) {
    auto path = target_path(request.target());
    auto cookie = app::cookie_value(request[http::field::cookie], "kl_session");
    if (request.method() != http::verb::get || cookie.empty() || first_requests(edge.static_files.routes(), path).empty())
        return answered(static_answer(edge, request));
    first_view(edge, path, api_request(edge, request, peer),
               [&edge, request, answered = std::move(answered)](std::optional<std::string> html) {
                   if (!html) return answered(static_answer(edge, request));
                   Response response{http::status::ok, 11};
                   response.set(http::field::content_type, "text/html; charset=utf-8");
                   response.set(http::field::cache_control, "no-cache, private");
                   response.body() = std::move(*html);
                   answered(finished(std::move(response), edge.static_files.shell_policy()));
               });
}

}  // namespace

std::string target_path(std::string_view target) { return std::string(target.substr(0, target.find('?'))); }

bool is_upload(const Edge& edge, const Request& request) {
    return request.method() == http::verb::post && edge.api.takes_upload("POST", target_path(request.target()));
}

void answer_request(Edge& edge, const Request& request, const std::string& peer, std::shared_ptr<app::SpoolFile> upload,
                    Answered answered) {
    auto path = target_path(request.target());
    if (app::HttpApi::handles(path)) {
        auto api = api_request(edge, request, peer);
        if (upload) api.upload = std::move(upload);
        else api.body = request.body();
        edge.api.handle(api, [answered = std::move(answered)](app::HttpResponse response) {
            answered(api_answer(std::move(response)));
        });
        return;
    }
    if (request.method() != http::verb::get && request.method() != http::verb::head)
        return answered(error_answer(http::status::method_not_allowed, "bad_request", "Methode niet toegestaan."));
    page_answer(edge, request, peer, std::move(answered));
}

Answer error_answer(http::status status, std::string_view code, std::string_view message) {
    Response response{status, 11};
    response.set(http::field::content_type, "application/json");
    response.set(http::field::cache_control, "no-store");
    response.body() = std::string(R"({"error":{"code":")") + std::string(code) + R"(","message":")" +
                      std::string(message) + R"("}})";
    return finished(std::move(response));
}

}  // namespace kl::net
