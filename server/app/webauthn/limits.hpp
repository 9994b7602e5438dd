#pragma once
// How large the parts of a WebAuthn response may be. Real ones are a few hundred bytes
// (an RSA key makes an attestation object about 400); the bounds keep a hostile client
// from making the server decode, parse or hash much more than that.
#include <cstddef>

namespace kl::app::webauthn::limits {

inline constexpr std::size_t client_data_json = 8 * 1024;
inline constexpr std::size_t attestation_object = 64 * 1024;
inline constexpr std::size_t authenticator_data = 64 * 1024;
inline constexpr std::size_t signature = 1024;      // an RSA-8192 signature; ECDSA needs 72
inline constexpr std::size_t credential_id = 1023;  // §6.5.1: credentialIdLength at most 1023
inline constexpr std::size_t user_handle = 64;      // §5.4.3: user.id at most 64 bytes

}  // namespace kl::app::webauthn::limits
