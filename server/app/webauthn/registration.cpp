// §7.1 Registering a new credential, for attestation "none".
#include "server/app/webauthn/authenticator_data.hpp"
#include "server/app/webauthn/cbor_reader.hpp"
#include "server/app/webauthn/client_data.hpp"
#include "server/app/webauthn/cose_key.hpp"
#include "server/app/webauthn/limits.hpp"
#include "server/app/webauthn/webauthn.hpp"

namespace kl::app::webauthn {

namespace {
// The three parts of an attestation object (§6.5.4), borrowed from its map.
struct AttestationObject {
    std::string fmt;
    const cbor_item_t* statement;
    std::string authenticator_data;
};

std::optional<AttestationObject> read_attestation_object(const cbor_item_t* map) {
    if (!cbor_isa_map(map) || cbor_map_size(map) != 3) return std::nullopt;
    auto fmt = cbor_map_get(map, "fmt");
    auto statement = cbor_map_get(map, "attStmt");
    auto authenticator_data = cbor_map_get(map, "authData");
    if (fmt.duplicate || statement.duplicate || authenticator_data.duplicate) return std::nullopt;
    auto fmt_text = cbor_text(fmt.value);
    auto data_bytes = cbor_bytes(authenticator_data.value);
    if (!fmt_text || !data_bytes || !statement.value || !cbor_isa_map(statement.value)) return std::nullopt;
    return AttestationObject{std::move(*fmt_text), statement.value, std::move(*data_bytes)};
}
}  // namespace

std::variant<Credential, Refusal> verify_registration(const RelyingParty& rp, const RegistrationResponse& response,
                                                      std::string_view expected_challenge,
                                                      bool require_user_verification) {
    // Steps 5–10: the client data.
    if (auto refusal = check_client_data(response.client_data_json, "webauthn.create", rp, expected_challenge)) {
        return *refusal;
    }

    // Step 12: the attestation object and the authenticator data inside it.
    if (response.attestation_object.size() > limits::attestation_object) return Refusal::malformed;
    CborItem map = cbor_read_exactly(response.attestation_object);
    if (!map) return Refusal::malformed;
    auto attestation = read_attestation_object(map.get());
    if (!attestation) return Refusal::malformed;
    auto data = parse_authenticator_data(attestation->authenticator_data);
    if (!data) return Refusal::malformed;

    // Steps 13–15: rpIdHash, user present, user verified.
    if (auto refusal = check_authenticator_data(*data, rp, require_user_verification)) return *refusal;

    // Step 16: a credential with a key of an algorithm we offered.
    if (!data->credential) return Refusal::no_credential_data;
    auto key = public_key_from_cose(data->credential->public_key_cose);
    if (!key) return Refusal::unsupported_algorithm;

    // Steps 18–21: attestation "none" only, which carries an empty statement (§8.7).
    if (attestation->fmt != "none" || cbor_map_size(attestation->statement) != 0) {
        return Refusal::unsupported_attestation;
    }

    // The id the browser reports must be the one the authenticator attested.
    if (data->credential->credential_id != response.credential_id) return Refusal::credential_mismatch;

    return Credential{response.credential_id, std::move(key->spki_der), key->algorithm, data->sign_count,
                      data->user_verified};
}

}  // namespace kl::app::webauthn
