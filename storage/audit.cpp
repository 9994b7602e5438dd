#include "storage/audit.hpp"

#include "storage/connection.hpp"

namespace kl::storage {

void append_audit(Connection& connection, const AuditEntry& entry) {
    connection
        .prepare(
            "INSERT INTO audit_log (at, actor_id, action, target_type, target_id, session_id, detail, address) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, entry.at)
        .bind(2, entry.actor_id)
        .bind(3, entry.action)
        .bind(4, entry.target_type)
        .bind(5, entry.target_id)
        .bind(6, entry.session_id)
        .bind(7, entry.detail)
        .bind(8, entry.address)
        .run();
}

std::vector<AuditEntry> list_audit(Connection& connection, std::optional<std::int64_t> session_id,
                                   std::optional<std::int64_t> before_id, int limit) {
    auto statement = connection.prepare(
        "SELECT id, at, actor_id, action, target_type, target_id, session_id, detail, address FROM audit_log "
        "WHERE (?1 IS NULL OR session_id = ?1) AND (?2 IS NULL OR id < ?2) ORDER BY id DESC LIMIT ?3");
    statement.bind(1, session_id).bind(2, before_id).bind(3, limit);
    std::vector<AuditEntry> entries;
    while (statement.step()) {
        AuditEntry entry;
        entry.id = statement.int64(0);
        entry.at = statement.int64(1);
        entry.actor_id = statement.optional_int64(2);
        entry.action = statement.text(3);
        entry.target_type = statement.optional_text(4);
        entry.target_id = statement.optional_text(5);
        entry.session_id = statement.optional_int64(6);
        entry.detail = statement.text(7);
        entry.address = statement.optional_text(8);
        entries.push_back(std::move(entry));
    }
    return entries;
}

}  // namespace kl::storage
