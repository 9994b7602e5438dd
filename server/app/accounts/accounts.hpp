#pragma once
// Accounts over HTTP: first-administrator setup, login and logout, the current user,
// and activation links (setting a password). Every answer is sent only after the
// change it reports is committed. Password hashing runs on the hashing pool, reads
// (the current user, upgrade checks) on the read pool, so neither waits for the other.
#include "server/app/access/second_factor_gate.hpp"
#include "server/app/accounts/login_limits.hpp"
#include "server/app/accounts/setup_token.hpp"
#include "server/app/core/rate_limiter.hpp"
#include "server/app/core/services.hpp"
#include "server/app/http/http_types.hpp"
#include "storage/users.hpp"

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace kl::app {

class Accounts {
public:
    Accounts(Services& services, SetupToken& setup_token, BlockingPool& hashing_pool, const SecondFactorGate& gate);

    void setup_status(const Respond& respond);
    void setup(const HttpRequest& request, const nlohmann::json& body, Respond respond);
    void login(const HttpRequest& request, const nlohmann::json& body, Respond respond);
    void logout(const HttpRequest& request, Respond respond);
    void me(const HttpRequest& request, Respond respond);
    void activation_info(const std::string& token, Respond respond);
    void activate(const HttpRequest& request, const std::string& token, const nlohmann::json& body, Respond respond);

    // The active user behind a login cookie value, or nullopt (called on the pool).
    using Authenticated = std::function<void(std::optional<storage::User>)>;
    void authenticate(const std::string& cookie_token, Authenticated done);

private:
    // On the hashing pool: checks the password of an admitted attempt and answers.
    void check_login(storage::Connection& connection, const LoginAttempt& attempt, const std::string& password,
                     const Respond& respond);
    // In the writer transaction of a login whose password was right, for an account with
    // a factor: a second-step token and the methods it may be finished with.
    nlohmann::json second_step(storage::Connection& connection, std::int64_t user_id, const std::string& address);
    const std::string& dummy_hash();

    Services& services_;
    SetupToken& setup_token_;
    BlockingPool& hashing_pool_;
    const SecondFactorGate& gate_;
    LoginLimits login_limits_;
    RateLimiter activation_attempts_;
    std::once_flag dummy_once_;
    std::string dummy_hash_;
};

// Looks up the user behind a cookie value: unexpired login token, account not disabled.
std::optional<storage::User> user_for_login_token(storage::Connection& connection, const std::string& cookie_token,
                                                  std::int64_t now);
// Issues a login token for user_id and returns the cookie value.
std::string create_login(storage::Connection& connection, std::int64_t user_id, std::int64_t now);

// The answer that signs a user in: body with status, and the login cookie set to token.
HttpResponse login_response(const nlohmann::json& body, int status, const std::string& token);

// How long the token of a login's second step is valid (second_factor/second_step.hpp).
inline constexpr int second_step_lifetime_seconds = 5 * 60;

// The answer when the hashing pool's queue is full: 429, try again in a second (the
// queue holds under a second of work).
HttpResponse hashing_busy_response();

}  // namespace kl::app

namespace kl::app {

inline constexpr int activation_lifetime_seconds = 7 * 24 * 60 * 60;

// Issues a fresh activation token for user_id (voiding an older unused one) and
// returns the link the person opens: <origin>/activate/<token>.
std::string issue_activation_link(storage::Connection& connection, std::int64_t user_id, std::int64_t now,
                                  const std::string& origin);

}  // namespace kl::app
