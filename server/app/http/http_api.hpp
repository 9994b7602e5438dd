#pragma once
// The JSON API under /api and /healthz: the checks every state-changing request
// passes (JSON content type, same Origin), /healthz, and handing each request to the
// route a feature registered for it (http_routes.hpp). Knows no feature by name.
#include "server/app/core/services.hpp"
#include "server/app/http/http_routes.hpp"
#include "server/app/http/http_types.hpp"

namespace kl::app {

class HttpApi {
public:
    HttpApi(Services& services, const HttpRoutes& routes);

    // True when path belongs to the API (the rest is static files).
    static bool handles(const std::string& path);
    // Answers request through respond, exactly once, possibly from another thread.
    void handle(const HttpRequest& request, Respond respond);

private:
    Services& services_;
    const HttpRoutes& routes_;
};

}  // namespace kl::app
