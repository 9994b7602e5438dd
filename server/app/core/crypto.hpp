#pragma once
// Random tokens and their hashes. Tokens (login, setup, activation, invitation) are
// 256-bit random values handed out once; only their SHA-256 is ever stored.
#include <string>
#include <string_view>

namespace kl::app {

// 32 bytes from OpenSSL's CSPRNG, base64url without padding (43 characters).
// Throws std::runtime_error if the CSPRNG fails.
std::string random_token();

// SHA-256 of the token, hex encoded (64 characters): what the database stores.
std::string token_hash(std::string_view token);

// Compares two strings in time independent of where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace kl::app
