#pragma once
// The client data (§5.8.1): what the browser says it was asked, as JSON bytes the
// authenticator's signature covers. Parsed here and checked against what the relying
// party expects, the same way for both ceremonies.
#include "server/app/webauthn/webauthn.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace kl::app::webauthn {

struct ClientData {
    std::string type;       // "webauthn.create" or "webauthn.get"
    std::string challenge;  // raw bytes, decoded from base64url
    std::string origin;     // as the browser saw it, e.g. "https://localhost:8443"
    bool cross_origin;      // crossOrigin, false when absent
};

// nullopt unless the bytes are a JSON object with string type, base64url challenge,
// string origin and, if present, boolean crossOrigin.
std::optional<ClientData> parse_client_data(std::string_view json_bytes);

// §7.1 steps 5–10 / §7.2 steps 9–14: parses the client data and checks its type, its
// challenge (compared in constant time), its origin (exactly) and crossOrigin. nullopt
// when all hold; otherwise the first step that failed.
std::optional<Refusal> check_client_data(std::string_view json_bytes, std::string_view expected_type,
                                         const RelyingParty& rp, std::string_view expected_challenge);

}  // namespace kl::app::webauthn
