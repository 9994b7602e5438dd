#pragma once
// The credential public key as a COSE_Key (RFC 9053, §6.5.1.1 of WebAuthn), turned
// into the SubjectPublicKeyInfo DER that OpenSSL verifies with and the caller stores.
#include "server/app/webauthn/webauthn.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace kl::app::webauthn {

struct PublicKey {
    Algorithm algorithm;
    std::string spki_der;
};

// Accepts exactly: EC2 P-256 with alg -7 (x and y 32 bytes, a point on the curve);
// OKP Ed25519 with alg -8 (x 32 bytes); RSA with alg -257 (n of 2048 to 4096 bits, e
// odd and above 2^16, as OpenSSL's public-key check wants). A private part, a
// repeated label, another key type, curve or algorithm, or a key OpenSSL will not
// take: nullopt, which the ceremony answers with unsupported_algorithm.
std::optional<PublicKey> public_key_from_cose(std::string_view cose_key);

}  // namespace kl::app::webauthn
