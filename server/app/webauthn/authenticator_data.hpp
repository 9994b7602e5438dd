#pragma once
// The authenticator data (§6.1): the bytes an authenticator signs about itself, read
// strictly, and the checks both ceremonies make of them.
#include "server/app/webauthn/webauthn.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kl::app::webauthn {

// Attested credential data (§6.5.1), present when the AT flag is set.
struct AttestedCredential {
    std::string aaguid;           // 16 bytes; all zero under attestation "none"
    std::string credential_id;    // at most 1023 bytes
    std::string public_key_cose;  // the COSE_Key, exactly the bytes of its CBOR map
};

struct AuthenticatorData {
    std::string rp_id_hash;  // 32 bytes: SHA-256 of the relying party id it was made for
    bool user_present;       // UP
    bool user_verified;      // UV
    std::uint32_t sign_count;
    std::optional<AttestedCredential> credential;  // when AT is set
};

// nullopt when the bytes are shorter than their flags and lengths say, a credential id
// is longer than 1023 bytes, the COSE key is not well-formed CBOR, or anything follows
// the last part: with ED set exactly one CBOR map of extensions may, otherwise nothing.
std::optional<AuthenticatorData> parse_authenticator_data(std::string_view bytes);

// §7.1 steps 13–15 / §7.2 steps 15–17: the rpIdHash is SHA-256 of rp.id, the user was
// present and, when required, verified. nullopt when they hold, else the failed step.
std::optional<Refusal> check_authenticator_data(const AuthenticatorData& data, const RelyingParty& rp,
                                                bool require_user_verification);

}  // namespace kl::app::webauthn
