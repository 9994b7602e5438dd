// §7.2 Verifying an authentication assertion.
#include "server/app/core/crypto.hpp"
#include "server/app/webauthn/authenticator_data.hpp"
#include "server/app/webauthn/client_data.hpp"
#include "server/app/webauthn/signature.hpp"
#include "server/app/webauthn/webauthn.hpp"

namespace kl::app::webauthn {

std::variant<Assertion, Refusal> verify_assertion(const RelyingParty& rp, const AssertionResponse& response,
                                                  const Credential& stored, std::string_view expected_challenge,
                                                  bool require_user_verification) {
    // Step 5: the credential used is the one the caller looked up.
    if (response.credential_id != stored.id) return Refusal::credential_mismatch;

    // Steps 9–14: the client data.
    if (auto refusal = check_client_data(response.client_data_json, "webauthn.get", rp, expected_challenge)) {
        return *refusal;
    }

    // Steps 15–17: rpIdHash, user present, user verified.
    auto data = parse_authenticator_data(response.authenticator_data);
    if (!data) return Refusal::malformed;
    if (auto refusal = check_authenticator_data(*data, rp, require_user_verification)) return *refusal;

    // Steps 19–20: the signature over authenticatorData || SHA-256(clientDataJSON).
    std::string signed_data = response.authenticator_data + sha256(response.client_data_json);
    if (!signature_verifies(stored.algorithm, stored.public_key_der, signed_data, response.signature)) {
        return Refusal::bad_signature;
    }

    // Step 21: a counter that does not grow may mean a cloned authenticator. Both zero
    // is an authenticator without a counter (many synced passkeys), which is allowed.
    if ((data->sign_count != 0 || stored.sign_count != 0) && data->sign_count <= stored.sign_count) {
        return Refusal::counter_regressed;
    }
    return Assertion{data->sign_count, data->user_verified};
}

}  // namespace kl::app::webauthn
