#include "server/app/http/http_routes.hpp"

#include <algorithm>
#include <stdexcept>

namespace kl::app {

namespace {

// "/api/invitations/{}/accept" → {"api", "invitations", "{}", "accept"}. A trailing
// slash gives a last empty segment, so "/api/x/" does not match "/api/x".
std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> segments;
    if (path.empty() || path.front() != '/') return segments;
    std::size_t start = 1;
    for (;;) {
        auto slash = path.find('/', start);
        segments.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
        if (slash == std::string::npos) return segments;
        start = slash + 1;
    }
}

bool method_matches(const std::string& route_method, const std::string& request_method) {
    return route_method == request_method || (route_method == "GET" && request_method == "HEAD");
}

}  // namespace

void HttpRoutes::add(const std::string& method, const std::string& pattern, Route route, SecondFactorCheck check) {
    if (method != "GET" && method != "POST") throw std::logic_error("route method " + method + " is not GET or POST");
    auto segments = split_path(pattern);
    if (segments.empty()) throw std::logic_error("route pattern '" + pattern + "' does not start with '/'");
    if (std::count(segments.begin(), segments.end(), "{}") > 1)
        throw std::logic_error("route pattern '" + pattern + "' has more than one parameter");
    for (const auto& entry : entries_)
        if (entry.method == method && entry.segments == segments)
            throw std::logic_error("route " + method + " " + pattern + " added twice");
    entries_.push_back({method, std::move(segments), std::move(route), check});
}

void HttpRoutes::add_upload(const std::string& pattern, Route route) {
    add("POST", pattern, std::move(route));
    entries_.back().upload = true;
}

bool HttpRoutes::takes_upload(const std::string& method, const std::string& path) const {
    std::string ignored;
    const auto* entry = find(method, path, ignored);
    return entry && entry->upload;
}

const Route* HttpRoutes::match(const HttpRequest& request, std::string& param, SecondFactorCheck* check) const {
    const auto* entry = find(request.method, request.path, param);
    if (!entry) return nullptr;
    if (check) *check = entry->check;
    return &entry->route;
}

const HttpRoutes::Entry* HttpRoutes::find(const std::string& method, const std::string& path, std::string& param) const {
    auto segments = split_path(path);
    for (const auto& entry : entries_) {
        if (!method_matches(entry.method, method) || entry.segments.size() != segments.size()) continue;
        std::string value;
        bool matches = true;
        for (std::size_t i = 0; i < segments.size() && matches; ++i) {
            if (entry.segments[i] == "{}")
                value = segments[i];
            else
                matches = entry.segments[i] == segments[i];
        }
        if (matches) {
            param = std::move(value);
            return &entry;
        }
    }
    return nullptr;
}

}  // namespace kl::app
