#pragma once
// TOTP as RFC 6238 fixes it for Kennislab: HMAC-SHA-1, 6 digits, 30-second steps, one
// step of clock skew either way (liboath does the arithmetic). Pure functions: which
// step a code belongs to is decided here; that a step is accepted only once (later than
// the last used one) is the caller's, through storage::accept_totp_step.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kl::app {

inline constexpr int totp_digits = 6;
inline constexpr int totp_period_seconds = 30;
inline constexpr int totp_window_steps = 1;
inline constexpr std::size_t totp_secret_bytes = 20;  // 160 bits, as RFC 4226 recommends

// A fresh random secret (raw bytes) from OpenSSL's CSPRNG; throws std::runtime_error if it fails.
std::string new_totp_secret();
// The secret in base32 without padding, as authenticator apps take it.
std::string base32_secret(std::string_view secret);
// otpauth://totp/Kennislab:<email>?secret=…&issuer=Kennislab&algorithm=SHA1&digits=6&period=30,
// label and values percent-encoded.
std::string otpauth_url(std::string_view email, std::string_view base32);

// The 30-second step that unix_seconds falls in.
std::int64_t totp_step_at(std::int64_t unix_seconds);
// The step whose code code is, within one step of unix_seconds either way; nullopt for
// a wrong code (or one that is not 6 digits).
std::optional<std::int64_t> matching_totp_step(std::string_view secret, std::string_view code,
                                               std::int64_t unix_seconds);
// The code of the step unix_seconds falls in (for tests and the documentation).
std::string totp_code_at(std::string_view secret, std::int64_t unix_seconds);

// True when code is exactly six ASCII digits.
bool looks_like_totp_code(std::string_view code);

}  // namespace kl::app
