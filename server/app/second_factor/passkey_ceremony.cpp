#include "server/app/second_factor/passkey_ceremony.hpp"

#include "server/app/core/crypto.hpp"
#include "server/app/webauthn/client_data.hpp"
#include "storage/connection.hpp"

#include <stdexcept>

namespace kl::app {

webauthn::RelyingParty relying_party_for(std::string_view origin) {
    auto host = origin;
    if (auto scheme = host.find("://"); scheme != std::string_view::npos) host.remove_prefix(scheme + 3);
    host = host.substr(0, host.find('/'));
    if (host.starts_with('['))
        host = host.substr(1, host.find(']') - 1);  // an IPv6 literal, without its brackets
    else
        host = host.substr(0, host.find(':'));
    return {std::string(host), std::string(origin), "Kennislab"};
}

std::string issue_challenge(storage::Connection& connection, const std::string& purpose,
                            std::optional<std::int64_t> user_id, const std::optional<std::string>& label,
                            std::int64_t now) {
    auto challenge = random_bytes(passkey_challenge_bytes);
    storage::create_webauthn_challenge(connection, token_hash(challenge), purpose, user_id, label, now,
                                       now + passkey_challenge_seconds);
    return challenge;
}

std::optional<TakenChallenge> take_challenge(storage::Connection& connection, std::string_view client_data_json,
                                             const std::string& purpose, std::int64_t now) {
    auto client_data = webauthn::parse_client_data(client_data_json);
    if (!client_data || client_data->challenge.size() != passkey_challenge_bytes) return std::nullopt;
    auto issued = storage::use_webauthn_challenge(connection, token_hash(client_data->challenge), now);
    if (!issued || issued->purpose != purpose) return std::nullopt;
    return TakenChallenge{client_data->challenge, *issued};
}

std::string user_handle_of(storage::Connection& connection, std::int64_t user_id) {
    auto stored = storage::find_user_handle(connection, user_id);
    if (!stored) {
        stored = base64url_encode(random_bytes(32));
        storage::create_user_handle(connection, user_id, *stored);
    }
    auto raw = base64url_decode(*stored);
    if (!raw) throw std::runtime_error("stored user handle is not base64url");
    return *raw;
}

webauthn::Credential credential_of(const storage::Passkey& passkey) {
    auto id = base64url_decode(passkey.credential_id);
    auto key = base64url_decode(passkey.public_key_der);
    if (!id || !key) throw std::runtime_error("stored passkey is not base64url");
    return {*id, *key, static_cast<webauthn::Algorithm>(passkey.algorithm),
            static_cast<std::uint32_t>(passkey.sign_count), false};
}

}  // namespace kl::app
