#include "storage/events.hpp"

#include "storage/connection.hpp"

#include <algorithm>

namespace kl::storage {

StoredEvent append_event(Connection& connection, StoredEvent event) {
    // Two plain statements rather than UPDATE … RETURNING: SQLite runs RETURNING through
    // a temporary b-tree that it opens and closes on every execution (a few per cent of
    // a post's cost on the writer). Only the writer's connection writes (tools and tests
    // use their own), so nothing changes head_seq between the two.
    connection.prepare("UPDATE sessions SET head_seq = head_seq + 1 WHERE id = ?").bind(1, event.session_id).run();
    if (connection.changes() != 1) throw StorageError(0, "append_event: no such session");
    auto head = connection.prepare("SELECT head_seq FROM sessions WHERE id = ?");
    head.bind(1, event.session_id);
    if (!head.step()) throw StorageError(0, "append_event: no such session");
    event.seq = head.int64(0);
    connection
        .prepare(
            "INSERT INTO events (session_id, seq, at, kind, audience, audience_user, body, moderator_body, post_id, "
            "subject_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, event.session_id)
        .bind(2, event.seq)
        .bind(3, event.at)
        .bind(4, event.kind)
        .bind(5, event.audience)
        .bind(6, event.audience_user)
        .bind(7, event.body)
        .bind(8, event.moderator_body)
        .bind(9, event.post_id)
        .bind(10, event.subject_at)
        .run();
    return event;
}

namespace {

constexpr const char* event_columns =
    "session_id, seq, at, kind, audience, audience_user, body, moderator_body, post_id, subject_at";

StoredEvent read_event(const Statement& row) {
    StoredEvent e;
    e.session_id = row.int64(0);
    e.seq = row.int64(1);
    e.at = row.int64(2);
    e.kind = row.text(3);
    e.audience = row.text(4);
    e.audience_user = row.optional_int64(5);
    e.body = row.text(6);
    e.moderator_body = row.optional_text(7);
    e.post_id = row.optional_int64(8);
    e.subject_at = row.optional_int64(9);
    return e;
}

}  // namespace

std::optional<std::vector<StoredEvent>> events_after(Connection& connection, std::int64_t session_id,
                                                     std::int64_t after_seq, const ReplayBudget& budget) {
    auto statement = connection.prepare(std::string("SELECT ") + event_columns +
                                        " FROM events WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?");
    // One row more than the budget allows tells that there are too many.
    statement.bind(1, session_id).bind(2, after_seq).bind(3, static_cast<std::int64_t>(budget.events) + 1);
    std::vector<StoredEvent> events;
    std::size_t bytes = 0;
    while (statement.step()) {
        events.push_back(read_event(statement));
        const auto& event = events.back();
        bytes += std::max(event.body.size(), event.moderator_body ? event.moderator_body->size() : 0);
        if (events.size() > budget.events || bytes > budget.bytes) return std::nullopt;
    }
    return events;
}

std::vector<StoredEvent> events_page(Connection& connection, std::int64_t session_id, std::int64_t after_seq, int limit) {
    auto statement = connection.prepare(std::string("SELECT ") + event_columns +
                                        " FROM events WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?");
    statement.bind(1, session_id).bind(2, after_seq).bind(3, limit);
    std::vector<StoredEvent> events;
    while (statement.step()) events.push_back(read_event(statement));
    return events;
}

std::vector<StoredEvent> events_about_post(Connection& connection, std::int64_t post_id) {
    auto statement =
        connection.prepare(std::string("SELECT ") + event_columns + " FROM events WHERE post_id = ? ORDER BY seq");
    statement.bind(1, post_id);
    std::vector<StoredEvent> events;
    while (statement.step()) events.push_back(read_event(statement));
    return events;
}

std::vector<StoredEvent> events_containing(Connection& connection, std::int64_t session_id, const std::string& text) {
    auto statement = connection.prepare(std::string("SELECT ") + event_columns +
                                        " FROM events WHERE session_id = ?1 AND (instr(body, ?2) > 0 OR "
                                        "instr(moderator_body, ?2) > 0) ORDER BY seq");
    statement.bind(1, session_id).bind(2, text);
    std::vector<StoredEvent> events;
    while (statement.step()) events.push_back(read_event(statement));
    return events;
}

void rewrite_event(Connection& connection, const StoredEvent& event) {
    connection.prepare("UPDATE events SET body = ?, moderator_body = ? WHERE session_id = ? AND seq = ?")
        .bind(1, event.body)
        .bind(2, event.moderator_body)
        .bind(3, event.session_id)
        .bind(4, event.seq)
        .run();
}

}  // namespace kl::storage
