#pragma once
// The JSON API under /api and /healthz: the checks every state-changing request
// passes (JSON content type, same Origin), /healthz, and handing each request to the
// route a feature registered for it (http_routes.hpp), and who the client of a
// request is (client_address.hpp). Knows no feature by name.
#include "server/app/access/second_factor_gate.hpp"
#include "server/app/core/services.hpp"
#include "server/app/http/client_address.hpp"
#include "server/app/http/http_routes.hpp"
#include "server/app/http/http_types.hpp"

namespace kl::app {

class HttpApi {
public:
    HttpApi(Services& services, const HttpRoutes& routes, const SecondFactorGate& gate);

    // True when path belongs to the API (the rest is static files).
    static bool handles(const std::string& path);
    // Answers request through respond, exactly once, possibly from another thread.
    void handle(const HttpRequest& request, Respond respond);
    // The address the network edge puts in HttpRequest::address: peer, or behind a
    // --trusted-proxy the client it forwarded for. Thread-safe (no state changes).
    std::string client_address(const std::string& peer, std::string_view forwarded_for) const;
    // Uploads (HttpRoutes::add_upload): whether a request goes to one, its largest body,
    // and the folder its spool file is made in (the data folder). Thread-safe.
    bool takes_upload(const std::string& method, const std::string& path) const {
        return routes_.takes_upload(method, path);
    }
    std::uint64_t max_upload_bytes() const { return services_.config.max_upload_bytes(); }
    const std::string& upload_directory() const { return services_.config.data_dir; }

private:
    Services& services_;
    const HttpRoutes& routes_;
    const SecondFactorGate& gate_;
    const TrustedProxies trusted_proxies_;
};

}  // namespace kl::app
