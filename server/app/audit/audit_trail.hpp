#pragma once
// One way to write audit entries, used by every part of the application: about a user
// (logins, account administration, membership) or any other target (posts, threads).
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

// An entry about any target: type is e.g. "post" or "thread", id its id.
struct AuditTarget {
    std::string type;
    std::int64_t id = 0;
};
void audit_action(storage::Connection& connection, std::int64_t now, std::optional<std::int64_t> actor,
                  const std::string& action, std::optional<AuditTarget> target, const AuditContext& context = {});

void audit_user_action(storage::Connection& connection, std::int64_t now, std::optional<std::int64_t> actor,
                       const std::string& action, std::optional<std::int64_t> target_user,
                       const AuditContext& context = {});

}  // namespace kl::app
