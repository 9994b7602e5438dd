#pragma once
// Second factors of accounts: the TOTP authenticator (its secret sealed by the caller),
// recovery codes, passkeys, the second step of a login, WebAuthn challenges, and the
// policy of who must have a factor. Codes, tokens and challenges arrive here already
// hashed (SHA-256, by the caller); nothing in this module sees a secret in the clear.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kl::storage {

class Connection;

// --- policy: "none", "staff_and_moderators" or "everyone" ---

std::string second_factor_policy(Connection& connection);
void set_second_factor_policy(Connection& connection, const std::string& require);

// --- TOTP ---

struct TotpFactor {
    std::string sealed_secret;          // as the application sealed it
    std::int64_t created_at = 0;
    bool confirmed = false;             // false: an enrolment waiting for its first code
    std::optional<std::int64_t> last_step;  // last accepted time step (replay protection)
};

std::optional<TotpFactor> find_totp(Connection& connection, std::int64_t user_id);
// Starts (or restarts) an enrolment: replaces an unconfirmed one. The caller refuses
// when a confirmed authenticator exists; a confirmed row is never replaced here.
void begin_totp(Connection& connection, std::int64_t user_id, const std::string& sealed_secret, std::int64_t now);
// Activates the pending enrolment with the step of its first code; false when there was none.
bool confirm_totp(Connection& connection, std::int64_t user_id, std::int64_t step, std::int64_t now);
// Records step as used when it is later than the last used one; false when it is not
// (a replayed or older code), in which case nothing changes.
bool accept_totp_step(Connection& connection, std::int64_t user_id, std::int64_t step);
void delete_totp(Connection& connection, std::int64_t user_id);

// --- recovery codes ---

// Replaces every recovery code of the user (used or not) with these hashes.
void replace_recovery_codes(Connection& connection, std::int64_t user_id, const std::vector<std::string>& code_hashes,
                            std::int64_t now);
// Marks the unused code with this hash used; false when there is none (unknown, used, another account's).
bool use_recovery_code(Connection& connection, std::int64_t user_id, const std::string& code_hash, std::int64_t now);
int recovery_codes_left(Connection& connection, std::int64_t user_id);

// --- passkeys ---

struct Passkey {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string name;
    std::string credential_id;    // base64url
    std::string public_key_der;   // base64url
    int algorithm = 0;            // COSE
    std::int64_t sign_count = 0;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> last_used_at;
};

// Inserts and returns the id. Throws ConstraintError when the credential id is taken.
std::int64_t add_passkey(Connection& connection, const Passkey& passkey);
std::vector<Passkey> passkeys_of(Connection& connection, std::int64_t user_id);
std::optional<Passkey> find_passkey(Connection& connection, std::int64_t id);
std::optional<Passkey> find_passkey_by_credential(Connection& connection, const std::string& credential_id);
void record_passkey_use(Connection& connection, std::int64_t id, std::int64_t sign_count, std::int64_t now);
void delete_passkey(Connection& connection, std::int64_t id);

// The WebAuthn user handle (base64url) of an account, if one was made.
std::optional<std::string> find_user_handle(Connection& connection, std::int64_t user_id);
void create_user_handle(Connection& connection, std::int64_t user_id, const std::string& handle);
std::optional<std::int64_t> user_for_handle(Connection& connection, const std::string& handle);

// --- all factors together ---

// True when the user has a confirmed authenticator or a passkey (recovery codes alone
// are no factor: they exist only beside one).
bool has_second_factor(Connection& connection, std::int64_t user_id);
// Every user that has a factor.
std::vector<std::int64_t> users_with_second_factor(Connection& connection);
// Users a staff_and_moderators policy covers: global admin or staff, or moderator of a session.
std::vector<std::int64_t> staff_and_moderators(Connection& connection);
// True when a staff_and_moderators policy covers this one user.
bool is_staff_or_moderator(Connection& connection, std::int64_t user_id);
// Removes the authenticator (confirmed or pending), recovery codes, passkeys, pending
// second steps and challenges of a user.
void delete_second_factors(Connection& connection, std::int64_t user_id);

// --- the second step of a login ---

struct SecondFactorToken {
    std::int64_t user_id = 0;
    bool usable = false;   // unused and unexpired
    int wrong_codes = 0;
};

void create_second_factor_token(Connection& connection, const std::string& token_hash, std::int64_t user_id,
                                std::int64_t now, std::int64_t expires_at);
std::optional<SecondFactorToken> find_second_factor_token(Connection& connection, const std::string& token_hash,
                                                          std::int64_t now);
// Marks the token used; false when it was used or expired already (raced).
bool use_second_factor_token(Connection& connection, const std::string& token_hash, std::int64_t now);
// Counts a wrong code against the token and returns the new count.
int count_wrong_code(Connection& connection, const std::string& token_hash);
// Removes expired second steps and WebAuthn challenges; returns how many.
int purge_expired_second_factor_state(Connection& connection, std::int64_t now);

// --- WebAuthn challenges ---

struct WebauthnChallenge {
    std::string purpose;                 // register or login
    std::optional<std::int64_t> user_id; // login without a user: passwordless
    std::optional<std::string> label;    // register: the passkey's name
};

void create_webauthn_challenge(Connection& connection, const std::string& challenge_hash, const std::string& purpose,
                               std::optional<std::int64_t> user_id, const std::optional<std::string>& label,
                               std::int64_t now, std::int64_t expires_at);
// Uses the challenge up (whatever follows) and returns it when it was unused and
// unexpired; nullopt otherwise.
std::optional<WebauthnChallenge> use_webauthn_challenge(Connection& connection, const std::string& challenge_hash,
                                                        std::int64_t now);

}  // namespace kl::storage
