#include "server/net/client_routes.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>

namespace kl::net {

namespace {

ClientRoute route_from(const nlohmann::json& entry) {
    if (!entry.is_object() || !entry.contains("name") || !entry.contains("page") || !entry["name"].is_string() ||
        !entry["page"].is_string() || !entry["page"].get<std::string>().starts_with("/"))
        throw std::runtime_error("routes.json: a route needs a name and an absolute page path");
    ClientRoute route{entry["name"].get<std::string>(), entry["page"].get<std::string>(), entry.value("auth", false), {}};
    if (entry.contains("params")) {
        if (!entry["params"].is_array()) throw std::runtime_error("routes.json: the params of " + route.name + " are no list");
        for (const auto& name : entry["params"]) {
            if (!name.is_string()) throw std::runtime_error("routes.json: a param of " + route.name + " is no name");
            route.params.push_back(name.get<std::string>());
        }
    }
    return route;
}

}  // namespace

ClientRoutes::ClientRoutes(std::string_view json) {
    auto table = nlohmann::json::parse(json, nullptr, false);
    if (!table.is_object() || !table.contains("routes") || !table["routes"].is_array() || !table.contains("notFound"))
        throw std::runtime_error("routes.json: needs \"routes\" and \"notFound\"");
    for (const auto& entry : table["routes"]) {
        auto route = route_from(entry);
        if (!entry.contains("path") || !entry["path"].is_string())
            throw std::runtime_error("routes.json: route " + route.name + " has no path");
        std::regex pattern;
        try {
            // ECMAScript is std::regex's default grammar, as in the browser.
            pattern = std::regex(entry["path"].get<std::string>());
        } catch (const std::regex_error&) {
            throw std::runtime_error("routes.json: the path of route " + route.name + " is not a valid pattern");
        }
        routes_.emplace_back(std::move(pattern), std::move(route));
    }
    not_found_ = route_from(table["notFound"]);
    table.erase("about");
    json_ = table.dump();
}

const ClientRoute& ClientRoutes::match(const std::string& path) const { return match_with_params(path).route; }

RouteMatch ClientRoutes::match_with_params(const std::string& path) const {
    // libstdc++'s std::regex recurses once per character a group takes: a path of some
    // 60,000 characters overflows a thread's stack. No route of ours is longer than
    // this, and a longer path is nobody's page.
    if (path.size() > max_route_path_bytes) return {not_found_, {}};
    std::smatch groups;
    for (const auto& [pattern, route] : routes_) {
        if (!std::regex_search(path, groups, pattern)) continue;
        RouteMatch found{route, {}};
        for (std::size_t i = 0; i < route.params.size() && i + 1 < groups.size(); ++i)
            found.params[route.params[i]] = groups[i + 1].str();
        return found;
    }
    return {not_found_, {}};
}

std::vector<std::string> ClientRoutes::pages() const {
    std::vector<std::string> pages;
    for (const auto& [pattern, route] : routes_)
        if (std::find(pages.begin(), pages.end(), route.page) == pages.end()) pages.push_back(route.page);
    if (std::find(pages.begin(), pages.end(), not_found_.page) == pages.end()) pages.push_back(not_found_.page);
    return pages;
}

}  // namespace kl::net
