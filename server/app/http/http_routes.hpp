#pragma once
// The HTTP API's routes by method and path. Features add theirs at start-up (see
// wiring/features.hpp); HttpApi only matches, so it knows no feature. A pattern is a
// path whose segments are literal or "{}", which matches one segment (without '/')
// and is handed to the route. Filled before the server accepts connections and only
// read after that, so matching needs no lock.
#include "server/app/http/http_types.hpp"

#include <functional>
#include <string>
#include <vector>

namespace kl::app {

// One route: answers through respond exactly once, possibly from another thread. param
// is the segment that matched "{}" (empty when the pattern has none). A ProtocolError
// thrown before any work is queued becomes the error answer.
using Route = std::function<void(const HttpRequest& request, const std::string& param, Respond respond)>;

// Whether the second-factor gate applies to a route: it does to every route that a
// login cookie authenticates (a held-back user gets 403 second_factor_required there),
// and not to the routes that do not use the cookie, or exist to sign in, sign out, show
// who is signed in, or finish a login's second step.
enum class SecondFactorCheck { applies, exempt };

class HttpRoutes {
public:
    // method is "GET" (which also answers HEAD) or "POST". A pattern added twice for the
    // same method, or with more than one "{}", is a programming error (std::logic_error).
    void add(const std::string& method, const std::string& pattern, Route route,
             SecondFactorCheck check = SecondFactorCheck::applies);
    // A POST route whose raw body (not JSON) the network edge spools to a file as it
    // arrives, up to ServerConfig::max_upload_bytes, and hands over as HttpRequest::upload.
    void add_upload(const std::string& pattern, Route route);
    // True when method and path name an upload route.
    bool takes_upload(const std::string& method, const std::string& path) const;

    // The route for request and the segment it matched, or null when none matches;
    // check, when given, gets the route's SecondFactorCheck.
    const Route* match(const HttpRequest& request, std::string& param, SecondFactorCheck* check = nullptr) const;

private:
    struct Entry {
        std::string method;
        std::vector<std::string> segments;  // "{}" stands for the parameter
        Route route;
        SecondFactorCheck check;
        bool upload = false;
    };
    const Entry* find(const std::string& method, const std::string& path, std::string& param) const;
    std::vector<Entry> entries_;
};

}  // namespace kl::app
