#pragma once
// The JSON API under /api and /healthz: routing, the checks every state-changing
// request passes (JSON content type, same Origin), body parsing, and error answers.
#include "server/app/accounts/accounts.hpp"
#include "server/app/http/http_types.hpp"
#include "server/app/invitations/invitations.hpp"
#include "server/app/report/session_export.hpp"

namespace kl::app {

class HttpApi {
public:
    HttpApi(Services& services, Accounts& accounts, Invitations& invitations);

    // True when path belongs to the API (the rest is static files).
    static bool handles(const std::string& path);
    // Answers request through respond, exactly once, possibly from another thread.
    void handle(const HttpRequest& request, Respond respond);
    // Ends running exports (server shutdown).
    void stop_exports() { export_.stop(); }

private:
    void route(const HttpRequest& request, Respond& respond);

    Services& services_;
    Accounts& accounts_;
    Invitations& invitations_;
    SessionExport export_;
};

}  // namespace kl::app
