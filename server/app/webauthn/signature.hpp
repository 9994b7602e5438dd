#pragma once
// Checking an assertion signature with the stored public key.
#include "server/app/webauthn/webauthn.hpp"

#include <string_view>

namespace kl::app::webauthn {

// True when `signature` is the credential's signature over `signed_data` (§6.3.3:
// authenticatorData || SHA-256(clientDataJSON)): ES256 a DER ECDSA signature with
// SHA-256, EdDSA an Ed25519 signature over the data itself, RS256 PKCS#1 v1.5 with
// SHA-256. False for anything else, including a key of another type than `algorithm`.
bool signature_verifies(Algorithm algorithm, std::string_view public_key_der, std::string_view signed_data,
                        std::string_view signature);

}  // namespace kl::app::webauthn
