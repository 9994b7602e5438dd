#include "storage/audit.hpp"

#include "storage/connection.hpp"

#include <string>

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

int erase_audit_before(Connection& connection, std::int64_t before, int limit) {
    connection
        .prepare("DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? ORDER BY at, id LIMIT ?)")
        .bind(1, before)
        .bind(2, limit)
        .run();
    int deleted = connection.changes();
    if (deleted > 0) connection.note_erasure();
    return deleted;
}

void erase_audit_reasons(Connection& connection, std::int64_t session_id, const std::string& target_type,
                         const std::string& target_id) {
    // The session's index narrows the scan; few entries name one target.
    connection
        .prepare(
            "UPDATE audit_log SET detail = json_set(detail, '$.reason', '', '$.reason_erased', json('true')) "
            "WHERE session_id = ? AND target_type = ? AND target_id = ? AND json_type(detail, '$.reason') = 'text' "
            "AND json_extract(detail, '$.reason') <> ''")
        .bind(1, session_id)
        .bind(2, target_type)
        .bind(3, target_id)
        .run();
    connection.note_erasure();
}

std::vector<AuditEntry> list_audit(Connection& connection, std::optional<std::int64_t> session_id,
                                   std::optional<std::int64_t> before_id, int limit) {
    // Two statements, so that a session's page walks the audit_log_session index
    // instead of filtering every login of the whole log.
    static const std::string select =
        "SELECT id, at, actor_id, action, target_type, target_id, session_id, detail, address FROM audit_log ";
    static const std::string of_session = select + "WHERE session_id = ?1 AND (?2 IS NULL OR id < ?2) ORDER BY id DESC LIMIT ?3";
    static const std::string of_all = select + "WHERE ?1 IS NULL AND (?2 IS NULL OR id < ?2) ORDER BY id DESC LIMIT ?3";
    auto statement = connection.prepare(session_id ? of_session : of_all);
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
