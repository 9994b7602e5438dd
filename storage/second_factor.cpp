#include "storage/second_factor.hpp"

#include "storage/connection.hpp"

namespace kl::storage {

std::string second_factor_policy(Connection& connection) {
    auto statement = connection.prepare("SELECT require FROM second_factor_policy WHERE id = 1");
    return statement.step() ? statement.text(0) : "none";
}

void set_second_factor_policy(Connection& connection, const std::string& require) {
    connection.prepare("UPDATE second_factor_policy SET require = ? WHERE id = 1").bind(1, require).run();
}

std::optional<TotpFactor> find_totp(Connection& connection, std::int64_t user_id) {
    auto statement = connection.prepare(
        "SELECT sealed_secret, created_at, confirmed_at IS NOT NULL, last_step FROM totp_factors WHERE user_id = ?");
    statement.bind(1, user_id);
    if (!statement.step()) return std::nullopt;
    return TotpFactor{statement.text(0), statement.int64(1), statement.int64(2) != 0, statement.optional_int64(3)};
}

void begin_totp(Connection& connection, std::int64_t user_id, const std::string& sealed_secret, std::int64_t now) {
    connection.prepare("DELETE FROM totp_factors WHERE user_id = ? AND confirmed_at IS NULL").bind(1, user_id).run();
    connection.prepare("INSERT INTO totp_factors (user_id, sealed_secret, created_at) VALUES (?, ?, ?)")
        .bind(1, user_id)
        .bind(2, sealed_secret)
        .bind(3, now)
        .run();
}

bool confirm_totp(Connection& connection, std::int64_t user_id, std::int64_t step, std::int64_t now) {
    connection
        .prepare("UPDATE totp_factors SET confirmed_at = ?, last_step = ? WHERE user_id = ? AND confirmed_at IS NULL")
        .bind(1, now)
        .bind(2, step)
        .bind(3, user_id)
        .run();
    return connection.changes() == 1;
}

bool accept_totp_step(Connection& connection, std::int64_t user_id, std::int64_t step) {
    connection
        .prepare("UPDATE totp_factors SET last_step = ?1 WHERE user_id = ?2 AND confirmed_at IS NOT NULL "
                 "AND (last_step IS NULL OR last_step < ?1)")
        .bind(1, step)
        .bind(2, user_id)
        .run();
    return connection.changes() == 1;
}

void delete_totp(Connection& connection, std::int64_t user_id) {
    connection.prepare("DELETE FROM totp_factors WHERE user_id = ?").bind(1, user_id).run();
}

void replace_recovery_codes(Connection& connection, std::int64_t user_id, const std::vector<std::string>& code_hashes,
                            std::int64_t now) {
    connection.prepare("DELETE FROM recovery_codes WHERE user_id = ?").bind(1, user_id).run();
    for (const auto& hash : code_hashes)
        connection.prepare("INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)")
            .bind(1, user_id)
            .bind(2, hash)
            .bind(3, now)
            .run();
}

bool use_recovery_code(Connection& connection, std::int64_t user_id, const std::string& code_hash, std::int64_t now) {
    connection
        .prepare("UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL")
        .bind(1, now)
        .bind(2, user_id)
        .bind(3, code_hash)
        .run();
    return connection.changes() == 1;
}

int recovery_codes_left(Connection& connection, std::int64_t user_id) {
    auto statement = connection.prepare("SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL");
    statement.bind(1, user_id);
    statement.step();
    return static_cast<int>(statement.int64(0));
}

namespace {

constexpr const char* passkey_columns =
    "SELECT id, user_id, name, credential_id, public_key_der, algorithm, sign_count, created_at, last_used_at "
    "FROM passkeys ";

Passkey read_passkey(const Statement& statement) {
    return {statement.int64(0),
            statement.int64(1),
            statement.text(2),
            statement.text(3),
            statement.text(4),
            static_cast<int>(statement.int64(5)),
            statement.int64(6),
            statement.int64(7),
            statement.optional_int64(8)};
}

}  // namespace

std::int64_t add_passkey(Connection& connection, const Passkey& passkey) {
    connection
        .prepare("INSERT INTO passkeys (user_id, name, credential_id, public_key_der, algorithm, sign_count, created_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, passkey.user_id)
        .bind(2, passkey.name)
        .bind(3, passkey.credential_id)
        .bind(4, passkey.public_key_der)
        .bind(5, passkey.algorithm)
        .bind(6, passkey.sign_count)
        .bind(7, passkey.created_at)
        .run();
    return connection.last_insert_id();
}

std::vector<Passkey> passkeys_of(Connection& connection, std::int64_t user_id) {
    auto statement = connection.prepare(std::string(passkey_columns) + "WHERE user_id = ? ORDER BY id");
    statement.bind(1, user_id);
    std::vector<Passkey> passkeys;
    while (statement.step()) passkeys.push_back(read_passkey(statement));
    return passkeys;
}

std::optional<Passkey> find_passkey(Connection& connection, std::int64_t id) {
    auto statement = connection.prepare(std::string(passkey_columns) + "WHERE id = ?");
    statement.bind(1, id);
    if (!statement.step()) return std::nullopt;
    return read_passkey(statement);
}

std::optional<Passkey> find_passkey_by_credential(Connection& connection, const std::string& credential_id) {
    auto statement = connection.prepare(std::string(passkey_columns) + "WHERE credential_id = ?");
    statement.bind(1, credential_id);
    if (!statement.step()) return std::nullopt;
    return read_passkey(statement);
}

void record_passkey_use(Connection& connection, std::int64_t id, std::int64_t sign_count, std::int64_t now) {
    connection.prepare("UPDATE passkeys SET sign_count = ?, last_used_at = ? WHERE id = ?")
        .bind(1, sign_count)
        .bind(2, now)
        .bind(3, id)
        .run();
}

void delete_passkey(Connection& connection, std::int64_t id) {
    connection.prepare("DELETE FROM passkeys WHERE id = ?").bind(1, id).run();
}

std::optional<std::string> find_user_handle(Connection& connection, std::int64_t user_id) {
    auto statement = connection.prepare("SELECT handle FROM webauthn_user_handles WHERE user_id = ?");
    statement.bind(1, user_id);
    if (!statement.step()) return std::nullopt;
    return statement.text(0);
}

void create_user_handle(Connection& connection, std::int64_t user_id, const std::string& handle) {
    connection.prepare("INSERT INTO webauthn_user_handles (user_id, handle) VALUES (?, ?)")
        .bind(1, user_id)
        .bind(2, handle)
        .run();
}

std::optional<std::int64_t> user_for_handle(Connection& connection, const std::string& handle) {
    auto statement = connection.prepare("SELECT user_id FROM webauthn_user_handles WHERE handle = ?");
    statement.bind(1, handle);
    if (!statement.step()) return std::nullopt;
    return statement.int64(0);
}

bool has_second_factor(Connection& connection, std::int64_t user_id) {
    auto statement = connection.prepare(
        "SELECT EXISTS (SELECT 1 FROM totp_factors WHERE user_id = ?1 AND confirmed_at IS NOT NULL) "
        "OR EXISTS (SELECT 1 FROM passkeys WHERE user_id = ?1)");
    statement.bind(1, user_id);
    statement.step();
    return statement.int64(0) != 0;
}

std::vector<std::int64_t> users_with_second_factor(Connection& connection) {
    auto statement = connection.prepare(
        "SELECT user_id FROM totp_factors WHERE confirmed_at IS NOT NULL UNION SELECT user_id FROM passkeys");
    std::vector<std::int64_t> ids;
    while (statement.step()) ids.push_back(statement.int64(0));
    return ids;
}

std::vector<std::int64_t> staff_and_moderators(Connection& connection) {
    auto statement = connection.prepare(
        "SELECT id FROM users WHERE global_role IN ('admin','staff') "
        "UNION SELECT user_id FROM members WHERE role = 'moderator'");
    std::vector<std::int64_t> ids;
    while (statement.step()) ids.push_back(statement.int64(0));
    return ids;
}

bool is_staff_or_moderator(Connection& connection, std::int64_t user_id) {
    auto statement = connection.prepare(
        "SELECT EXISTS (SELECT 1 FROM users WHERE id = ?1 AND global_role IN ('admin','staff')) "
        "OR EXISTS (SELECT 1 FROM members WHERE user_id = ?1 AND role = 'moderator')");
    statement.bind(1, user_id);
    statement.step();
    return statement.int64(0) != 0;
}

void delete_second_factors(Connection& connection, std::int64_t user_id) {
    for (const char* sql : {"DELETE FROM totp_factors WHERE user_id = ?", "DELETE FROM recovery_codes WHERE user_id = ?",
                            "DELETE FROM passkeys WHERE user_id = ?", "DELETE FROM second_factor_tokens WHERE user_id = ?",
                            "DELETE FROM webauthn_challenges WHERE user_id = ?"})
        connection.prepare(sql).bind(1, user_id).run();
}

void create_second_factor_token(Connection& connection, const std::string& token_hash, std::int64_t user_id,
                                std::int64_t now, std::int64_t expires_at) {
    connection
        .prepare("INSERT INTO second_factor_tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
        .bind(1, token_hash)
        .bind(2, user_id)
        .bind(3, now)
        .bind(4, expires_at)
        .run();
}

std::optional<SecondFactorToken> find_second_factor_token(Connection& connection, const std::string& token_hash,
                                                          std::int64_t now) {
    auto statement = connection.prepare(
        "SELECT user_id, used_at IS NULL AND expires_at > ?, wrong_codes FROM second_factor_tokens WHERE token_hash = ?");
    statement.bind(1, now).bind(2, token_hash);
    if (!statement.step()) return std::nullopt;
    return SecondFactorToken{statement.int64(0), statement.int64(1) != 0, static_cast<int>(statement.int64(2))};
}

bool use_second_factor_token(Connection& connection, const std::string& token_hash, std::int64_t now) {
    connection
        .prepare("UPDATE second_factor_tokens SET used_at = ?1 WHERE token_hash = ?2 AND used_at IS NULL "
                 "AND expires_at > ?1")
        .bind(1, now)
        .bind(2, token_hash)
        .run();
    return connection.changes() == 1;
}

int count_wrong_code(Connection& connection, const std::string& token_hash) {
    auto statement = connection.prepare(
        "UPDATE second_factor_tokens SET wrong_codes = wrong_codes + 1 WHERE token_hash = ? RETURNING wrong_codes");
    statement.bind(1, token_hash);
    int count = statement.step() ? static_cast<int>(statement.int64(0)) : 0;
    while (statement.step()) {
    }
    return count;
}

int purge_expired_second_factor_state(Connection& connection, std::int64_t now) {
    connection.prepare("DELETE FROM second_factor_tokens WHERE expires_at <= ?").bind(1, now).run();
    int removed = connection.changes();
    connection.prepare("DELETE FROM webauthn_challenges WHERE expires_at <= ?").bind(1, now).run();
    return removed + connection.changes();
}

void create_webauthn_challenge(Connection& connection, const std::string& challenge_hash, const std::string& purpose,
                               std::optional<std::int64_t> user_id, const std::optional<std::string>& label,
                               std::int64_t now, std::int64_t expires_at) {
    connection
        .prepare("INSERT INTO webauthn_challenges (challenge_hash, purpose, user_id, label, created_at, expires_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, challenge_hash)
        .bind(2, purpose)
        .bind(3, user_id)
        .bind(4, label)
        .bind(5, now)
        .bind(6, expires_at)
        .run();
}

std::optional<WebauthnChallenge> use_webauthn_challenge(Connection& connection, const std::string& challenge_hash,
                                                        std::int64_t now) {
    auto statement = connection.prepare(
        "UPDATE webauthn_challenges SET used_at = ?1 WHERE challenge_hash = ?2 AND used_at IS NULL AND expires_at > ?1 "
        "RETURNING purpose, user_id, label");
    statement.bind(1, now).bind(2, challenge_hash);
    if (!statement.step()) return std::nullopt;
    WebauthnChallenge challenge{statement.text(0), statement.optional_int64(1), statement.optional_text(2)};
    while (statement.step()) {
    }
    return challenge;
}

}  // namespace kl::storage
