#pragma once
// Accounts. Emails are stored normalised (trimmed, lower-case) by the caller.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kl::storage {

class Connection;

struct User {
    std::int64_t id = 0;
    std::string email;
    std::string display_name;
    std::string organisation_type;  // gemeente, ess, si, nctv, expert, other
    std::string organisation_name;
    std::string global_role;        // admin, staff, member
    std::optional<std::string> password_hash;  // empty until activated
    bool disabled = false;
    std::int64_t created_at = 0;
    // Set when the person was erased (storage/user_erasure.hpp): the row stays as a
    // pseudonymous tombstone, so that what others wrote and the audit log keep their
    // references, and shows as "verwijderde deelnemer".
    std::optional<std::int64_t> erased_at;

    // active, pending (no password yet) or disabled
    std::string status() const { return disabled ? "disabled" : password_hash ? "active" : "pending"; }
};

struct NewUser {
    std::string email;
    std::string display_name;
    std::string organisation_type;
    std::string organisation_name;
    std::string global_role;
    std::optional<std::string> password_hash;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> created_by;
};

// Inserts a user and returns it. Throws ConstraintError when the email is taken.
User create_user(Connection& connection, const NewUser& user);
std::optional<User> find_user(Connection& connection, std::int64_t id);
std::optional<User> find_user_by_email(Connection& connection, const std::string& email);
std::int64_t count_users(Connection& connection);
// Administrators (any state). Setup is open while there are none: the demo's
// fictional people exist before the first administrator does.
std::int64_t count_administrators(Connection& connection);
// Users whose name or email (never an erased one) contains query (case-insensitive), by name; at most limit.
std::vector<User> search_users(Connection& connection, const std::string& query, int limit);
void set_password_hash(Connection& connection, std::int64_t user_id, const std::optional<std::string>& hash);
void set_disabled(Connection& connection, std::int64_t user_id, bool disabled);

}  // namespace kl::storage
