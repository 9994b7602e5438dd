#include "storage/tokens.hpp"

#include "storage/connection.hpp"

namespace kl::storage {

void create_login_token(Connection& connection, const std::string& token_hash, std::int64_t user_id,
                        std::int64_t now, std::int64_t expires_at) {
    connection.prepare("INSERT INTO login_tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
        .bind(1, token_hash)
        .bind(2, user_id)
        .bind(3, now)
        .bind(4, expires_at)
        .run();
}

std::optional<std::int64_t> login_token_user(Connection& connection, const std::string& token_hash,
                                             std::int64_t now) {
    auto statement = connection.prepare("SELECT user_id FROM login_tokens WHERE token_hash = ? AND expires_at > ?");
    statement.bind(1, token_hash).bind(2, now);
    if (!statement.step()) return std::nullopt;
    return statement.int64(0);
}

void delete_login_token(Connection& connection, const std::string& token_hash) {
    connection.prepare("DELETE FROM login_tokens WHERE token_hash = ?").bind(1, token_hash).run();
}

void delete_login_tokens_of(Connection& connection, std::int64_t user_id) {
    connection.prepare("DELETE FROM login_tokens WHERE user_id = ?").bind(1, user_id).run();
}

int purge_expired_login_tokens(Connection& connection, std::int64_t now) {
    connection.prepare("DELETE FROM login_tokens WHERE expires_at <= ?").bind(1, now).run();
    return connection.changes();
}

void create_activation_token(Connection& connection, const std::string& token_hash, std::int64_t user_id,
                             std::int64_t now, std::int64_t expires_at) {
    connection.prepare("DELETE FROM activation_tokens WHERE user_id = ? AND used_at IS NULL").bind(1, user_id).run();
    connection
        .prepare("INSERT INTO activation_tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
        .bind(1, token_hash)
        .bind(2, user_id)
        .bind(3, now)
        .bind(4, expires_at)
        .run();
}

Activation find_activation(Connection& connection, const std::string& token_hash, std::int64_t now) {
    auto statement =
        connection.prepare("SELECT user_id, expires_at, used_at FROM activation_tokens WHERE token_hash = ?");
    statement.bind(1, token_hash);
    if (!statement.step()) return {};
    bool usable = statement.is_null(2) && statement.int64(1) > now;
    return {usable ? ActivationState::valid : ActivationState::used_or_expired, statement.int64(0)};
}

bool use_activation_token(Connection& connection, const std::string& token_hash, std::int64_t now) {
    connection
        .prepare("UPDATE activation_tokens SET used_at = ?1 WHERE token_hash = ?2 AND used_at IS NULL AND expires_at > ?1")
        .bind(1, now)
        .bind(2, token_hash)
        .run();
    return connection.changes() == 1;
}

}  // namespace kl::storage
