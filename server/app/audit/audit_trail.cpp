#include "server/app/audit/audit_trail.hpp"

#include "storage/audit.hpp"

namespace kl::app {

void audit_action(storage::Connection& connection, std::int64_t now, std::optional<std::int64_t> actor,
                  const std::string& action, std::optional<AuditTarget> target, const AuditContext& context) {
    storage::AuditEntry entry;
    entry.at = now;
    entry.actor_id = actor;
    entry.action = action;
    if (target) {
        entry.target_type = target->type;
        entry.target_id = std::to_string(target->id);
    }
    entry.session_id = context.session_id;
    entry.detail = context.detail.is_object() ? context.detail.dump() : "{}";
    if (!context.address.empty()) entry.address = context.address;
    storage::append_audit(connection, entry);
}

void audit_user_action(storage::Connection& connection, std::int64_t now, std::optional<std::int64_t> actor,
                       const std::string& action, std::optional<std::int64_t> target_user,
                       const AuditContext& context) {
    std::optional<AuditTarget> target;
    if (target_user) target = AuditTarget{"user", *target_user};
    audit_action(connection, now, actor, action, target, context);
}

}  // namespace kl::app
