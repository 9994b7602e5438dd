#include "storage/users.hpp"

#include "storage/connection.hpp"

namespace kl::storage {

namespace {

constexpr const char* user_columns =
    "id, email, display_name, organisation_type, organisation_name, global_role, password_hash, disabled, created_at, "
    "erased_at";

User read_user(const Statement& row) {
    User user;
    user.id = row.int64(0);
    user.email = row.text(1);
    user.display_name = row.text(2);
    user.organisation_type = row.text(3);
    user.organisation_name = row.text(4);
    user.global_role = row.text(5);
    user.password_hash = row.optional_text(6);
    user.disabled = row.int64(7) != 0;
    user.created_at = row.int64(8);
    user.erased_at = row.optional_int64(9);
    return user;
}

std::optional<User> first_user(Statement& statement) {
    if (!statement.step()) return std::nullopt;
    return read_user(statement);
}

// Escapes LIKE wildcards so that a search for "50%" means the text "50%".
std::string like_pattern(const std::string& query) {
    std::string pattern = "%";
    for (char c : query) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    return pattern + "%";
}

}  // namespace

User create_user(Connection& connection, const NewUser& user) {
    connection
        .prepare(
            "INSERT INTO users (email, display_name, organisation_type, organisation_name, global_role, "
            "password_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, user.email)
        .bind(2, user.display_name)
        .bind(3, user.organisation_type)
        .bind(4, user.organisation_name)
        .bind(5, user.global_role)
        .bind(6, user.password_hash)
        .bind(7, user.created_at)
        .bind(8, user.created_by)
        .run();
    return *find_user(connection, connection.last_insert_id());
}

std::optional<User> find_user(Connection& connection, std::int64_t id) {
    static const std::string sql = std::string("SELECT ") + user_columns + " FROM users WHERE id = ?";
    auto statement = connection.prepare(sql);
    statement.bind(1, id);
    return first_user(statement);
}

std::optional<User> find_user_by_email(Connection& connection, const std::string& email) {
    auto statement = connection.prepare(std::string("SELECT ") + user_columns + " FROM users WHERE email = ?");
    statement.bind(1, email);
    return first_user(statement);
}

std::int64_t count_users(Connection& connection) {
    auto statement = connection.prepare("SELECT count(*) FROM users");
    statement.step();
    return statement.int64(0);
}

std::int64_t count_administrators(Connection& connection) {
    auto statement = connection.prepare("SELECT count(*) FROM users WHERE global_role = 'admin'");
    statement.step();
    return statement.int64(0);
}

std::vector<User> search_users(Connection& connection, const std::string& query, int limit) {
    auto statement = connection.prepare(std::string("SELECT ") + user_columns +
                                        " FROM users WHERE erased_at IS NULL AND (display_name LIKE ?1 ESCAPE '\\' OR email "
                                        "LIKE ?1 ESCAPE '\\') ORDER BY display_name COLLATE NOCASE, id LIMIT ?2");
    statement.bind(1, like_pattern(query)).bind(2, limit);
    std::vector<User> users;
    while (statement.step()) users.push_back(read_user(statement));
    return users;
}

void set_password_hash(Connection& connection, std::int64_t user_id, const std::optional<std::string>& hash) {
    connection.prepare("UPDATE users SET password_hash = ? WHERE id = ?").bind(1, hash).bind(2, user_id).run();
}

void set_disabled(Connection& connection, std::int64_t user_id, bool disabled) {
    connection.prepare("UPDATE users SET disabled = ? WHERE id = ?").bind(1, disabled ? 1 : 0).bind(2, user_id).run();
}

}  // namespace kl::storage
