// The PublicKeyCredential JSON the browser client sends back (PROTOCOL.md 1.1), read
// strictly: every binary field base64url within its size bound, or nothing.
#include "server/app/webauthn/limits.hpp"
#include "server/app/webauthn/webauthn.hpp"

#include <nlohmann/json.hpp>

namespace kl::app::webauthn {

namespace {
// The decoded bytes of a base64url string field no longer than max_bytes once decoded.
// The length is checked before decoding, so an oversized field costs nothing.
std::optional<std::string> binary_field(const nlohmann::json& object, const char* name, std::size_t max_bytes) {
    auto it = object.find(name);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    const auto& text = it->get_ref<const std::string&>();
    if (text.size() > (max_bytes * 4 + 2) / 3) return std::nullopt;
    return base64url_decode(text);
}

// The response object of a credential with its "id", "rawId" and "type" checked:
// type "public-key", id and rawId the same non-empty credential id (returned in `id`).
const nlohmann::json* credential_response(const nlohmann::json& credential, std::string& id) {
    if (!credential.is_object()) return nullptr;
    auto type = credential.find("type");
    if (type == credential.end() || *type != "public-key") return nullptr;
    auto raw_id = binary_field(credential, "rawId", limits::credential_id);
    auto text_id = binary_field(credential, "id", limits::credential_id);
    if (!raw_id || !text_id || raw_id->empty() || *raw_id != *text_id) return nullptr;
    auto response = credential.find("response");
    if (response == credential.end() || !response->is_object()) return nullptr;
    id = std::move(*raw_id);
    return &*response;
}
}  // namespace

std::optional<RegistrationResponse> parse_registration(const nlohmann::json& credential) {
    std::string id;
    const nlohmann::json* response = credential_response(credential, id);
    if (!response) return std::nullopt;
    auto client_data = binary_field(*response, "clientDataJSON", limits::client_data_json);
    auto attestation = binary_field(*response, "attestationObject", limits::attestation_object);
    if (!client_data || !attestation) return std::nullopt;
    return RegistrationResponse{std::move(id), std::move(*client_data), std::move(*attestation)};
}

std::optional<AssertionResponse> parse_assertion(const nlohmann::json& credential) {
    std::string id;
    const nlohmann::json* response = credential_response(credential, id);
    if (!response) return std::nullopt;
    auto client_data = binary_field(*response, "clientDataJSON", limits::client_data_json);
    auto authenticator_data = binary_field(*response, "authenticatorData", limits::authenticator_data);
    auto signature = binary_field(*response, "signature", limits::signature);
    if (!client_data || !authenticator_data || !signature) return std::nullopt;
    // userHandle: absent or null when the authenticator kept none; an empty one is the same.
    std::optional<std::string> user_handle;
    if (auto it = response->find("userHandle"); it != response->end() && !it->is_null()) {
        user_handle = binary_field(*response, "userHandle", limits::user_handle);
        if (!user_handle) return std::nullopt;
        if (user_handle->empty()) user_handle.reset();
    }
    return AssertionResponse{std::move(id), std::move(*client_data), std::move(*authenticator_data),
                             std::move(*signature), std::move(user_handle)};
}

}  // namespace kl::app::webauthn
