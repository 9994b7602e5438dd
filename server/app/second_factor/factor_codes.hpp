#pragma once
// Checking a code a person typed against their account, inside the caller's writer
// transaction: an authenticator code is accepted once (its step must be later than the
// last used one, storage::accept_totp_step), a recovery code is used up. Both are
// shared by the verbs (mfa.totp.remove, mfa.recovery.renew) and the second step of a
// login. Nothing here logs or returns a code or a secret.
#include "server/app/second_factor/secret_box.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kl::storage {
class Connection;
}

namespace kl::app {

// Wrong codes per account (and per second step, see second_step.hpp): 5 per 15 minutes.
inline constexpr int max_wrong_codes = 5;
inline constexpr std::chrono::seconds wrong_code_window = std::chrono::minutes(15);
// The account's key in the wrong-code RateLimiter.
inline std::string wrong_code_key(std::int64_t user_id) { return "user:" + std::to_string(user_id); }
inline constexpr const char* bad_code_message = "Deze code klopt niet. Probeer het opnieuw.";
inline constexpr const char* too_many_codes_message = "Te veel onjuiste codes. Probeer het later opnieuw.";

// The secret of user's authenticator (confirmed, or pending when pending is true),
// opened; nullopt when there is none. Throws std::runtime_error when the sealed secret
// does not open (another key file): that is a broken installation, not a wrong code.
std::optional<std::string> totp_secret_of(storage::Connection& connection, const SecretBox& box, std::int64_t user_id,
                                          bool pending);
// True when code is a current code of user's confirmed authenticator that was not used
// before; its step is recorded as used. False for a wrong, replayed or older code, or
// when the account has no authenticator.
bool use_totp_code(storage::Connection& connection, const SecretBox& box, std::int64_t user_id, std::string_view code,
                   std::int64_t now);
// True when text is one of user's unused recovery codes; it is used up.
bool redeem_recovery_code(storage::Connection& connection, std::int64_t user_id, std::string_view text,
                          std::int64_t now);

}  // namespace kl::app
