#pragma once
// The audit log: who did what to what, when. Written in the same transaction as the
// change it records. Never holds passwords, tokens or post text.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kl::storage {

class Connection;

struct AuditEntry {
    std::int64_t id = 0;
    std::int64_t at = 0;
    std::optional<std::int64_t> actor_id;
    std::string action;                     // e.g. login, login_failed, user.create
    std::optional<std::string> target_type; // e.g. user, session, post
    std::optional<std::string> target_id;
    std::optional<std::int64_t> session_id;
    std::string detail = "{}";              // JSON object
    std::optional<std::string> address;     // client address for logins
};

void append_audit(Connection& connection, const AuditEntry& entry);
// Erases the reason from every entry of session about one target (target_type,
// target_id), because it may quote a text that was just erased for good. Each entry
// keeps its action, actor, time and the rest of its detail; its detail gets
// "reason":"" and "reason_erased":true instead.
void erase_audit_reasons(Connection& connection, std::int64_t session_id, const std::string& target_type,
                         const std::string& target_id);
// The audit log's own retention (kennislab serve --audit-retention-days): deletes at
// most limit entries written before `before`, oldest first; returns how many. Notes the
// erasure on the connection (the entries name people and addresses), so that the
// writer truncates the WAL after the commit.
int erase_audit_before(Connection& connection, std::int64_t before, int limit);
// Newest first; before_id limits to entries older than that id; session filters.
std::vector<AuditEntry> list_audit(Connection& connection, std::optional<std::int64_t> session_id,
                                   std::optional<std::int64_t> before_id, int limit);

}  // namespace kl::storage
