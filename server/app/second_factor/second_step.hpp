#pragma once
// The second step of a login (PROTOCOL.md, "Second factor and passkeys"). After the
// password, an account with a factor gets a token instead of a cookie
// (accounts/check_login calls begin_second_step); POST /api/login/second-factor
// {token, code} or {token, recovery_code} then ends in the same login cookie as a
// plain login. A token is valid 5 minutes, used once, and refused for good after 5
// wrong codes; the account also takes at most 5 wrong codes per 15 minutes, over all
// its tokens and verbs. A wrong code is committed (count and audit entry) before it
// is answered.
//
// complete_second_step is what turns a verified second step into a login: the passkey
// login (/api/passkey/login with a token) calls it too, after verifying its assertion.
#include "server/app/core/rate_limiter.hpp"
#include "server/app/core/services.hpp"
#include "server/app/http/http_types.hpp"
#include "server/app/second_factor/secret_box.hpp"
#include "storage/users.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kl::app {

// A verified second step turned into a login: the user and the cookie value to set.
struct CompletedLogin {
    storage::User user;
    std::string cookie;
};

// In a writer transaction: uses the second-step token with this hash up, issues a login
// for its user (accounts' create_login) and writes the "login" audit entry (method:
// "totp", "recovery" or "passkey"). nullopt, with nothing changed, when the token is
// unknown, used, expired, or its account disabled meanwhile.
std::optional<CompletedLogin> complete_second_step(storage::Connection& connection, const std::string& token_hash,
                                                   std::int64_t now, const std::string& method,
                                                   const std::string& address);

// The 401 for a used, expired or unknown token: {"error":{"code":"second_factor_expired",…}}.
HttpResponse second_step_expired_response();

class SecondStep {
public:
    SecondStep(Services& services, const SecretBox& box, RateLimiter& wrong_codes);

    // POST /api/login/second-factor.
    void handle(const HttpRequest& request, const nlohmann::json& body, Respond respond);

private:
    Services& services_;
    const SecretBox& box_;
    RateLimiter& wrong_codes_;
};

}  // namespace kl::app
