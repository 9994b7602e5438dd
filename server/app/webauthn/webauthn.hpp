#pragma once
// WebAuthn Level 2 relying-party verification (https://www.w3.org/TR/webauthn-2/):
// registration (§7.1) and authentication (§7.2) ceremonies, attestation "none" only.
// Pure functions over bytes: no storage, no clock, no sockets. What needs state (a
// challenge used once and expiring, a credential bound to its account, storing the
// new sign counter) belongs to the caller (the second-factor feature).
//
// Binary values (credential ids, challenges, keys) are raw bytes in std::string;
// base64url appears only at the JSON edge (parse_* and *_options).
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kl::app::webauthn {

// COSE algorithm identifiers this relying party accepts (PROTOCOL.md 1.1).
enum class Algorithm : int { es256 = -7, eddsa = -8, rs256 = -257 };

struct RelyingParty {
    std::string id;      // the host of --origin, e.g. "localhost"
    std::string origin;  // the exact --origin, e.g. "https://localhost:8443"
    std::string name;    // shown by the authenticator, e.g. "Kennislab"
};

// Why a ceremony was refused: one value per verification step that can fail, so that
// each step's refusal is testable on its own. Never shown to users verbatim.
enum class Refusal {
    malformed,              // JSON, base64url, CBOR or authenticator data not well formed
    wrong_type,             // clientData.type is not webauthn.create / webauthn.get
    challenge_mismatch,     // clientData.challenge is not the expected challenge
    origin_mismatch,        // clientData.origin is not the relying party's origin
    cross_origin,           // clientData.crossOrigin is true
    rp_id_mismatch,         // rpIdHash is not SHA-256 of the relying party id
    user_not_present,       // UP flag clear
    user_not_verified,      // UV flag clear while verification is required
    unsupported_attestation,// fmt other than "none", or a "none" with an attStmt
    unsupported_algorithm,  // COSE key of an algorithm not in Algorithm, or malformed key
    no_credential_data,     // registration without attested credential data (AT flag)
    credential_mismatch,    // assertion for another credential id than the stored one
    bad_signature,          // the assertion signature does not verify
    counter_regressed,      // signCount not greater than the stored one (when either is non-zero)
};
const char* refusal_name(Refusal refusal);

// PublicKeyCredential from navigator.credentials.create(), as the browser client sends
// it: {"id","rawId","type":"public-key","response":{"clientDataJSON","attestationObject"}}
// with binary fields base64url. Decoded, not yet verified.
struct RegistrationResponse {
    std::string credential_id;        // rawId
    std::string client_data_json;     // raw bytes of clientDataJSON
    std::string attestation_object;   // raw CBOR
};
std::optional<RegistrationResponse> parse_registration(const nlohmann::json& credential);

// PublicKeyCredential from navigator.credentials.get():
// {"id","rawId","type","response":{"clientDataJSON","authenticatorData","signature","userHandle"?}}
struct AssertionResponse {
    std::string credential_id;
    std::string client_data_json;
    std::string authenticator_data;
    std::string signature;
    std::optional<std::string> user_handle;
};
std::optional<AssertionResponse> parse_assertion(const nlohmann::json& credential);

// A credential that passed registration: what the caller stores with the account.
struct Credential {
    std::string id;              // credential id (raw bytes)
    std::string public_key_der;  // SubjectPublicKeyInfo DER, from the COSE key
    Algorithm algorithm;
    std::uint32_t sign_count;
    bool user_verified;
};

// §7.1 steps 5–24 for attestation "none". expected_challenge is the raw challenge the
// caller issued (and must mark used whatever the result).
std::variant<Credential, Refusal> verify_registration(const RelyingParty& rp,
                                                      const RegistrationResponse& response,
                                                      std::string_view expected_challenge,
                                                      bool require_user_verification);

struct Assertion {
    std::uint32_t sign_count;  // store this as the credential's new counter
    bool user_verified;
};

// §7.2 steps 5–21 against the stored credential (looked up by response.credential_id,
// for the account the caller expects; a user handle, if present, is the caller's to check).
std::variant<Assertion, Refusal> verify_assertion(const RelyingParty& rp,
                                                  const AssertionResponse& response,
                                                  const Credential& stored,
                                                  std::string_view expected_challenge,
                                                  bool require_user_verification);

// PublicKeyCredentialCreationOptions as JSON for the browser (binary fields base64url):
// rp, user {id: user_handle, name, displayName}, challenge, pubKeyCredParams (ES256,
// EdDSA, RS256), timeout, attestation "none", authenticatorSelection {residentKey
// "preferred", userVerification "preferred"}, excludeCredentials.
nlohmann::json creation_options(const RelyingParty& rp, std::string_view user_handle,
                                std::string_view user_name, std::string_view display_name,
                                std::string_view challenge,
                                const std::vector<std::string>& exclude_credential_ids);

// PublicKeyCredentialRequestOptions: challenge, rpId, timeout, userVerification
// "preferred", allowCredentials (empty for a discoverable, passwordless sign-in).
nlohmann::json request_options(const RelyingParty& rp, std::string_view challenge,
                               const std::vector<std::string>& allow_credential_ids);

// base64url without padding, both ways (the decoder accepts no padding and refuses
// characters outside the alphabet).
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace kl::app::webauthn
