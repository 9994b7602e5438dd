#include "server/app/accounts/login_limits.hpp"

#include <algorithm>

namespace kl::app {

LoginLimits::LoginLimits(const Clock& clock, LoginLimitSettings s)
    : clock_(clock),
      by_account_and_address_(clock, s.per_account_and_address, s.account_and_address_window),
      by_address_(clock, s.per_address, s.address_window),
      by_account_(clock, s.per_account, s.account_window) {}

std::string LoginLimits::pair_key(const LoginAttempt& attempt) {
    // A newline occurs in neither a valid email nor an address.
    return attempt.email + '\n' + attempt.address;
}

LoginLimits::Admission LoginLimits::admit(const std::string& email, const std::string& address) {
    Admission admission;
    admission.attempt = {email, address, clock_.now()};
    const auto& at = admission.attempt.at;  // one time in all three, to release by
    const auto pair = pair_key(admission.attempt);
    // Each window admits under its own lock; when a later one refuses, the earlier ones
    // are released again. Between the two a concurrent attempt may be refused for a slot
    // that is then given back: the limits err on the side of refusing, never of letting
    // more through.
    auto by_pair = by_account_and_address_.try_acquire(pair, at);
    auto by_address = by_pair.admitted ? by_address_.try_acquire(address, at) : RateLimiter::Admission{};
    auto by_account = by_address.admitted ? by_account_.try_acquire(email, at) : RateLimiter::Admission{};
    if (by_account.admitted) {
        admission.admitted = true;
        return admission;
    }
    if (by_pair.admitted) by_account_and_address_.release(pair, at);
    if (by_address.admitted) by_address_.release(address, at);
    // The attempt can succeed only when every window has room: the longest wait is the real one.
    admission.retry_after = std::max({by_account_and_address_.wait(pair, at), by_address_.wait(address, at),
                                      by_account_.wait(email, at)});
    return admission;
}

void LoginLimits::succeeded(const LoginAttempt& attempt) {
    by_account_and_address_.reset(pair_key(attempt));
    by_account_.reset(attempt.email);
    by_address_.release(attempt.address, attempt.at);
}

void LoginLimits::cancelled(const LoginAttempt& attempt) {
    by_account_and_address_.release(pair_key(attempt), attempt.at);
    by_address_.release(attempt.address, attempt.at);
    by_account_.release(attempt.email, attempt.at);
}

}  // namespace kl::app
