#pragma once
// The browser client's routes, from web/routes.json: the one table both sides read.
// web/js/main.js gets it inside the shell and renders a route's page module; the
// server uses it to announce exactly the modules of the page a path shows (its own
// preloads in the shell), so that a page does not fetch and evaluate every other page.
#include <map>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace kl::net {

struct ClientRoute {
    std::string name;
    std::string page;  // the page module's path, "/js/pages/start.js"
    bool auth = false;
    std::vector<std::string> params;  // the names of the pattern's groups
};

// A path's route, with its parameters as the path carries them (not decoded).
struct RouteMatch {
    const ClientRoute& route;
    std::map<std::string, std::string> params;
};

// The longest path matched against the route patterns; longer ones get the
// not-found page without being matched.
inline constexpr std::size_t max_route_path_bytes = 2048;

class ClientRoutes {
public:
    // Parses routes.json's text. Throws std::runtime_error when it is not such a table
    // (a route without a name, a page or a valid pattern; no notFound page).
    explicit ClientRoutes(std::string_view json);

    // The route whose pattern matches the whole of path, or the not-found route, as
    // web/js/main.js decides.
    const ClientRoute& match(const std::string& path) const;
    RouteMatch match_with_params(const std::string& path) const;
    // Every route's page, the not-found page included, each once.
    std::vector<std::string> pages() const;
    // The table as compact JSON, for the shell (without its "about").
    const std::string& json() const { return json_; }

private:
    std::string json_;
    std::vector<std::pair<std::regex, ClientRoute>> routes_;
    ClientRoute not_found_;
};

}  // namespace kl::net
