#pragma once
// How many failed logins are let through to Argon2, per account and per client address.
//
// Three sliding windows, each counted before the password is checked (so a flood of
// concurrent attempts gets no more through than the limit, the rest are refused at once):
//
//   - one account from one address: 5 per 15 minutes. This is the limit a password
//     guesser at one address meets; it locks out nobody but that address.
//   - one address, any account: 20 per 15 minutes, against trying one password on
//     many accounts.
//   - one account, any address: 10 per minute, against guessing from many addresses.
//     Deliberately loose and short: anyone who knows an email address can make its
//     failures count here, so it may only slow an attacker, never lock the owner out
//     for long. It refuses for at most a minute after the tenth failure; a 15-minute
//     per-account lock (what this replaces) let any stranger lock any account, and
//     behind a proxy every account, for good by coming back every 15 minutes.
//
// A success clears the account's failures (both per-account windows); the address's
// count is kept, as a success says nothing about the other accounts tried from there.
// Thread-safe.
#include "server/app/core/clock.hpp"
#include "server/app/core/rate_limiter.hpp"

#include <chrono>
#include <string>

namespace kl::app {

struct LoginLimitSettings {
    int per_account_and_address = 5;
    std::chrono::seconds account_and_address_window = std::chrono::minutes(15);
    int per_address = 20;
    std::chrono::seconds address_window = std::chrono::minutes(15);
    int per_account = 10;
    std::chrono::seconds account_window = std::chrono::minutes(1);
};

// One login attempt that was let through: counted as a failure in every window until
// succeeded() or cancelled().
struct LoginAttempt {
    std::string email;
    std::string address;
    TimePoint at;
};

class LoginLimits {
public:
    struct Admission {
        bool admitted = false;
        LoginAttempt attempt;                 // when admitted
        std::chrono::seconds retry_after{0};  // when refused: the longest remaining wait
    };

    explicit LoginLimits(const Clock& clock, LoginLimitSettings settings = {});

    // Counts an attempt for email from address in all three windows, or refuses it
    // (counting nothing) when any of them is full.
    Admission admit(const std::string& email, const std::string& address);
    // The password was right: the account's failures are forgotten.
    void succeeded(const LoginAttempt& attempt);
    // The password was never checked (the hashing queue was full): the attempt is taken back.
    void cancelled(const LoginAttempt& attempt);

private:
    static std::string pair_key(const LoginAttempt& attempt);

    const Clock& clock_;
    RateLimiter by_account_and_address_;
    RateLimiter by_address_;
    RateLimiter by_account_;
};

}  // namespace kl::app
