#pragma once
// The state around a WebAuthn ceremony that the pure webauthn/ library leaves to its
// caller: the relying party of this server, challenges (32 random bytes, stored only
// as their SHA-256, valid 5 minutes, used up by the first response that names them,
// whatever its verification then says), the account's random user handle, and a
// stored passkey as the library's Credential. Both the passkey verbs (registration)
// and the passkey login (assertion) use it, inside their writer transactions.
#include "server/app/webauthn/webauthn.hpp"
#include "storage/second_factor.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kl::storage {
class Connection;
}

namespace kl::app {

inline constexpr std::size_t passkey_challenge_bytes = 32;
inline constexpr std::int64_t passkey_challenge_seconds = 5 * 60;
// Passkeys per account: more than a person has devices, few enough to list.
inline constexpr std::size_t max_passkeys_per_account = 10;
inline constexpr std::size_t max_passkey_name_chars = 100;

// The relying party of a server at origin (e.g. "https://kennislab.example.nl:8443"):
// its id is the origin's host, its name "Kennislab". Made per ceremony from
// Services::origin, which is known only once the server listens (port 0 picks one).
webauthn::RelyingParty relying_party_for(std::string_view origin);

// A fresh challenge for purpose ("register" or "login") of user (none: a passwordless
// sign-in), with the passkey's name for a registration. Returns the raw challenge.
std::string issue_challenge(storage::Connection& connection, const std::string& purpose,
                            std::optional<std::int64_t> user_id, const std::optional<std::string>& label,
                            std::int64_t now);

// The challenge that the client data of a response names, used up now: nullopt when
// the client data names none, or one that is unknown, used, expired or issued for
// another purpose.
struct TakenChallenge {
    std::string challenge;  // raw
    storage::WebauthnChallenge issued;
};
std::optional<TakenChallenge> take_challenge(storage::Connection& connection, std::string_view client_data_json,
                                             const std::string& purpose, std::int64_t now);

// The account's user handle as raw bytes, made (32 random bytes) the first time.
std::string user_handle_of(storage::Connection& connection, std::int64_t user_id);

// What verification needs of a stored passkey.
webauthn::Credential credential_of(const storage::Passkey& passkey);

}  // namespace kl::app
