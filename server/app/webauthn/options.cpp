// The options the browser passes to navigator.credentials.create() and .get() (§5.4,
// §5.5), as JSON with binary fields in base64url (the client decodes them).
#include "server/app/webauthn/webauthn.hpp"

#include <nlohmann/json.hpp>

namespace kl::app::webauthn {

namespace {
// Five minutes: the recommended upper end (§5.4.6), for a user who has to find a key.
constexpr int timeout_ms = 300000;

nlohmann::json credential_descriptors(const std::vector<std::string>& credential_ids) {
    auto list = nlohmann::json::array();
    for (const auto& id : credential_ids) list.push_back({{"type", "public-key"}, {"id", base64url_encode(id)}});
    return list;
}
}  // namespace

nlohmann::json creation_options(const RelyingParty& rp, std::string_view user_handle, std::string_view user_name,
                                std::string_view display_name, std::string_view challenge,
                                const std::vector<std::string>& exclude_credential_ids) {
    auto parameters = nlohmann::json::array();
    for (auto algorithm : {Algorithm::es256, Algorithm::eddsa, Algorithm::rs256}) {
        parameters.push_back({{"type", "public-key"}, {"alg", static_cast<int>(algorithm)}});
    }
    return {
        {"rp", {{"id", rp.id}, {"name", rp.name}}},
        {"user", {{"id", base64url_encode(user_handle)}, {"name", user_name}, {"displayName", display_name}}},
        {"challenge", base64url_encode(challenge)},
        {"pubKeyCredParams", std::move(parameters)},
        {"timeout", timeout_ms},
        {"attestation", "none"},
        {"authenticatorSelection", {{"residentKey", "preferred"}, {"userVerification", "preferred"}}},
        {"excludeCredentials", credential_descriptors(exclude_credential_ids)},
    };
}

nlohmann::json request_options(const RelyingParty& rp, std::string_view challenge,
                               const std::vector<std::string>& allow_credential_ids) {
    return {
        {"challenge", base64url_encode(challenge)},
        {"rpId", rp.id},
        {"timeout", timeout_ms},
        {"userVerification", "preferred"},
        {"allowCredentials", credential_descriptors(allow_credential_ids)},
    };
}

}  // namespace kl::app::webauthn
