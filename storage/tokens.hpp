#pragma once
// Login tokens (the kl_session cookie) and activation tokens (the link with which a
// person sets a password). Only SHA-256 hashes of tokens are stored; the caller hashes.
#include <cstdint>
#include <optional>
#include <string>

namespace kl::storage {

class Connection;

void create_login_token(Connection& connection, const std::string& token_hash, std::int64_t user_id,
                        std::int64_t now, std::int64_t expires_at);
// The user id of an unexpired login token, or nullopt.
std::optional<std::int64_t> login_token_user(Connection& connection, const std::string& token_hash, std::int64_t now);
void delete_login_token(Connection& connection, const std::string& token_hash);
// Ends every login of a user (password reset, disabling).
void delete_login_tokens_of(Connection& connection, std::int64_t user_id);
// Removes expired login tokens; returns how many.
int purge_expired_login_tokens(Connection& connection, std::int64_t now);

enum class ActivationState { valid, unknown, used_or_expired };

struct Activation {
    ActivationState state = ActivationState::unknown;
    std::int64_t user_id = 0;
};

// Issues a new activation token for user_id, voiding any earlier unused one.
void create_activation_token(Connection& connection, const std::string& token_hash, std::int64_t user_id,
                             std::int64_t now, std::int64_t expires_at);
Activation find_activation(Connection& connection, const std::string& token_hash, std::int64_t now);
// Marks the token used; returns false if it was not valid any more (raced).
bool use_activation_token(Connection& connection, const std::string& token_hash, std::int64_t now);

}  // namespace kl::storage
