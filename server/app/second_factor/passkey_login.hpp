#pragma once
// Signing in with a passkey over HTTP (PROTOCOL.md, "Second factor and passkeys").
// POST /api/passkey/options {token?} answers WebAuthn request options with a fresh
// single-use challenge: with the second-step token of a password login, for that
// account's passkeys; without, for a passwordless sign-in with a discoverable passkey.
// POST /api/passkey/login {token?, credential} verifies the assertion (webauthn/, W3C
// WebAuthn Level 2 §7.2) and ends in the same login cookie as a password login:
// - with a token, the passkey must be one of the token's account, user presence is
//   enough (the password came first), and the login ends through complete_second_step;
//   a refused assertion counts as a wrong code against the token;
// - without, the passkey's user handle must be its account's and the authenticator
//   must have verified the user (PIN or biometrics), since no password came first.
// Options are limited per address and in total (each stores a challenge until it is
// used or expires), so strangers cannot grow the table.
#include "server/app/core/rate_limiter.hpp"
#include "server/app/core/services.hpp"
#include "server/app/http/http_types.hpp"

#include <nlohmann/json_fwd.hpp>

namespace kl::app {

class PasskeyLogin {
public:
    explicit PasskeyLogin(Services& services);

    void options(const HttpRequest& request, const nlohmann::json& body, Respond respond);
    void login(const HttpRequest& request, const nlohmann::json& body, Respond respond);

private:
    Services& services_;
    RateLimiter per_address_;
    RateLimiter overall_;
};

}  // namespace kl::app
