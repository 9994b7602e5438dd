#include "storage/events.hpp"

#include "storage/connection.hpp"

namespace kl::storage {

StoredEvent append_event(Connection& connection, StoredEvent event) {
    auto head = connection.prepare("UPDATE sessions SET head_seq = head_seq + 1 WHERE id = ? RETURNING head_seq");
    head.bind(1, event.session_id);
    if (!head.step()) throw StorageError(0, "append_event: no such session");
    event.seq = head.int64(0);
    while (head.step()) {
    }
    connection
        .prepare("INSERT INTO events (session_id, seq, at, kind, audience, audience_user, body) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, event.session_id)
        .bind(2, event.seq)
        .bind(3, event.at)
        .bind(4, event.kind)
        .bind(5, event.audience)
        .bind(6, event.audience_user)
        .bind(7, event.body)
        .run();
    return event;
}

std::vector<StoredEvent> events_after(Connection& connection, std::int64_t session_id, std::int64_t after_seq, int limit) {
    auto statement = connection.prepare(
        "SELECT seq, at, kind, audience, audience_user, body FROM events WHERE session_id = ? AND seq > ? "
        "ORDER BY seq LIMIT ?");
    statement.bind(1, session_id).bind(2, after_seq).bind(3, limit);
    std::vector<StoredEvent> events;
    while (statement.step()) {
        StoredEvent e;
        e.session_id = session_id;
        e.seq = statement.int64(0);
        e.at = statement.int64(1);
        e.kind = statement.text(2);
        e.audience = statement.text(3);
        e.audience_user = statement.optional_int64(4);
        e.body = statement.text(5);
        events.push_back(std::move(e));
    }
    return events;
}

}  // namespace kl::storage
