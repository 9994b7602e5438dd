#pragma once
// A software authenticator for the WebAuthn tests: real keys (ES256, Ed25519, RSA) made
// with OpenSSL, client data, authenticator data and attestation objects built byte by
// byte (CBOR with libcbor's builder), and signed assertions. Every part can be bent
// one way at a time, so that each verification step can be shown to refuse on its own.
#include "server/app/webauthn/webauthn.hpp"

#include <openssl/evp.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace kl::test::webauthn {

using kl::app::webauthn::Algorithm;

// Authenticator data flag bits (§6.1).
inline constexpr unsigned char flag_up = 0x01;
inline constexpr unsigned char flag_uv = 0x04;
inline constexpr unsigned char flag_at = 0x40;
inline constexpr unsigned char flag_ed = 0x80;

inline const kl::app::webauthn::RelyingParty test_rp{"localhost", "https://localhost:8443", "Kennislab"};

// What the browser and the authenticator put in one ceremony; the defaults are a
// ceremony the relying party above accepts with the challenge `challenge`.
struct Ceremony {
    std::string challenge = std::string("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10", 16);
    std::optional<std::string> type;  // default "webauthn.create" or "webauthn.get"
    std::string origin = test_rp.origin;
    std::optional<bool> cross_origin;    // absent unless set
    std::string rp_id = test_rp.id;      // whose SHA-256 goes into rpIdHash
    std::optional<unsigned char> flags;  // default UP|UV (and AT for registration)
    std::uint32_t sign_count = 0;
    // Registration only:
    std::string fmt = "none";
    bool attestation_statement = false;          // put an entry into attStmt
    std::optional<std::string> cose_key;         // instead of the authenticator's own key
    std::optional<std::string> attested_id;      // credential id inside authData, if other
    std::optional<std::string> extensions_cbor;  // appended after the key/fixed part
};

class TestAuthenticator {
public:
    // A fresh key pair of that algorithm (rsa_bits for RS256 only) and a random
    // 16-byte credential id.
    explicit TestAuthenticator(Algorithm algorithm, int rsa_bits = 2048);

    const std::string& credential_id() const { return credential_id_; }
    Algorithm algorithm() const { return algorithm_; }

    // The public key as a COSE_Key (CBOR), with the algorithm label `alg` (default: the
    // key's own); for EC2 keys, `flip_y` breaks the point so it is off the curve.
    std::string cose_key(std::optional<int> alg = std::nullopt, bool flip_y = false) const;

    kl::app::webauthn::RegistrationResponse make_credential(const Ceremony& ceremony = {}) const;
    kl::app::webauthn::AssertionResponse get_assertion(const Ceremony& ceremony = {}) const;

    // The signature over the bytes, in the algorithm's WebAuthn form.
    std::string sign(const std::string& data) const;

private:
    Algorithm algorithm_;
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_;
    std::string credential_id_;
};

// The pieces, for tests that build their own.
std::string client_data_json(const Ceremony& ceremony, const std::string& default_type);
std::string authenticator_data(const Ceremony& ceremony, unsigned char flags,
                               const std::string& attested_credential_data = {});
std::string attestation_object(const std::string& fmt, bool statement, const std::string& authenticator_data);

// The credentials as the browser client sends them (base64url fields).
nlohmann::json registration_json(const kl::app::webauthn::RegistrationResponse& response);
nlohmann::json assertion_json(const kl::app::webauthn::AssertionResponse& response);

}  // namespace kl::test::webauthn
