#include "server/app/webauthn/client_data.hpp"

#include "server/app/core/crypto.hpp"
#include "server/app/webauthn/limits.hpp"

#include <nlohmann/json.hpp>

namespace kl::app::webauthn {

std::optional<ClientData> parse_client_data(std::string_view json_bytes) {
    if (json_bytes.size() > limits::client_data_json) return std::nullopt;
    auto json = nlohmann::json::parse(json_bytes, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) return std::nullopt;
    auto type = json.find("type");
    auto challenge = json.find("challenge");
    auto origin = json.find("origin");
    if (type == json.end() || !type->is_string()) return std::nullopt;
    if (challenge == json.end() || !challenge->is_string()) return std::nullopt;
    if (origin == json.end() || !origin->is_string()) return std::nullopt;
    auto raw_challenge = base64url_decode(challenge->get_ref<const std::string&>());
    if (!raw_challenge) return std::nullopt;
    bool cross_origin = false;
    if (auto it = json.find("crossOrigin"); it != json.end()) {
        if (!it->is_boolean()) return std::nullopt;
        cross_origin = it->get<bool>();
    }
    return ClientData{type->get<std::string>(), std::move(*raw_challenge), origin->get<std::string>(), cross_origin};
}

std::optional<Refusal> check_client_data(std::string_view json_bytes, std::string_view expected_type,
                                         const RelyingParty& rp, std::string_view expected_challenge) {
    auto client_data = parse_client_data(json_bytes);
    if (!client_data) return Refusal::malformed;
    if (client_data->type != expected_type) return Refusal::wrong_type;
    // The challenge is a secret until used: compare it without leaking where it differs.
    if (expected_challenge.empty() || !constant_time_equal(client_data->challenge, expected_challenge)) {
        return Refusal::challenge_mismatch;
    }
    if (client_data->origin != rp.origin) return Refusal::origin_mismatch;
    // Kennislab is never embedded in another site's frame, so a cross-origin call is not ours.
    if (client_data->cross_origin) return Refusal::cross_origin;
    return std::nullopt;
}

}  // namespace kl::app::webauthn
