#pragma once
// Random tokens and their hashes. Tokens (login, setup, activation, invitation) are
// 256-bit random values handed out once; only their SHA-256 is ever stored.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kl::app {

// 32 bytes from OpenSSL's CSPRNG, base64url without padding (43 characters).
// Throws std::runtime_error if the CSPRNG fails.
std::string random_token();

// SHA-256 of the token, hex encoded (64 characters): what the database stores.
std::string token_hash(std::string_view token);

// n bytes from OpenSSL's CSPRNG, raw. Throws std::runtime_error if the CSPRNG fails.
std::string random_bytes(std::size_t n);

// Standard base64 with padding (RFC 4648 §4), both ways; decode refuses anything else.
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

// Compares two strings in time independent of where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace kl::app
