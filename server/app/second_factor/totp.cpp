#include "server/app/second_factor/totp.hpp"

#include "server/app/core/crypto.hpp"

#include <liboath/oath.h>

#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace kl::app {

namespace {

// liboath wants oath_init once per process before any other call.
void ensure_oath() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (oath_init() != OATH_OK) throw std::runtime_error("liboath could not be initialised");
    });
}

// Percent-encodes everything outside RFC 3986's unreserved characters.
std::string percent_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

}  // namespace

std::string new_totp_secret() { return random_bytes(totp_secret_bytes); }

std::string base32_secret(std::string_view secret) {
    ensure_oath();
    char* out = nullptr;
    std::size_t length = 0;
    if (oath_base32_encode(secret.data(), secret.size(), &out, &length) != OATH_OK || !out)
        throw std::runtime_error("base32 encoding failed");
    std::unique_ptr<char, decltype(&std::free)> owned(out, &std::free);
    std::string text(out, length);
    while (!text.empty() && text.back() == '=') text.pop_back();
    return text;
}

std::string otpauth_url(std::string_view email, std::string_view base32) {
    return "otpauth://totp/Kennislab:" + percent_encode(email) + "?secret=" + percent_encode(base32) +
           "&issuer=Kennislab&algorithm=SHA1&digits=" + std::to_string(totp_digits) +
           "&period=" + std::to_string(totp_period_seconds);
}

std::int64_t totp_step_at(std::int64_t unix_seconds) { return unix_seconds / totp_period_seconds; }

bool looks_like_totp_code(std::string_view code) {
    if (code.size() != static_cast<std::size_t>(totp_digits)) return false;
    for (char c : code)
        if (c < '0' || c > '9') return false;
    return true;
}

std::optional<std::int64_t> matching_totp_step(std::string_view secret, std::string_view code,
                                               std::int64_t unix_seconds) {
    if (!looks_like_totp_code(code)) return std::nullopt;
    ensure_oath();
    std::string otp(code);
    int position = 0;
    int found = oath_totp_validate2(secret.data(), secret.size(), static_cast<time_t>(unix_seconds),
                                    totp_period_seconds, 0, totp_window_steps, &position, otp.c_str());
    if (found < 0) return std::nullopt;  // OATH_INVALID_OTP or another error: not a match
    return totp_step_at(unix_seconds) + position;
}

std::string totp_code_at(std::string_view secret, std::int64_t unix_seconds) {
    ensure_oath();
    char otp[totp_digits + 1] = {};
    if (oath_totp_generate(secret.data(), secret.size(), static_cast<time_t>(unix_seconds), totp_period_seconds, 0,
                           totp_digits, otp) != OATH_OK)
        throw std::runtime_error("TOTP generation failed");
    return otp;
}

}  // namespace kl::app
