#pragma once
// One way to write an audit entry about a user (the target of logins, account
// administration and membership changes), used by every part of the application.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace kl::storage {
class Connection;
}

namespace kl::app {

struct AuditContext {
    std::optional<std::int64_t> session_id;
    std::string address;  // client address for logins; empty otherwise
    nlohmann::json detail = nlohmann::json::object();
};

void audit_user_action(storage::Connection& connection, std::int64_t now, std::optional<std::int64_t> actor,
                       const std::string& action, std::optional<std::int64_t> target_user,
                       const AuditContext& context = {});

}  // namespace kl::app
