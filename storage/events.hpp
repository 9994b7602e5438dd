#pragma once
// The per-session event log: every change to a session, numbered 1, 2, 3, … per
// session. Appended in the same transaction as the change, so the log and the state
// never disagree; replay after a reconnect reads from here.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kl::storage {

class Connection;

struct StoredEvent {
    std::int64_t session_id = 0;
    std::int64_t seq = 0;
    std::int64_t at = 0;
    std::string kind;
    std::string audience = "all";  // all, moderators, moderators_and_user
    std::optional<std::int64_t> audience_user;
    std::string body;              // the event object as JSON
    std::optional<std::string> moderator_body;  // what moderators get instead, when it differs
    std::optional<std::int64_t> post_id;        // the post the event is about
};

// Assigns the next seq of the session (sessions.head_seq + 1), stores the event and
// returns it with its seq.
StoredEvent append_event(Connection& connection, StoredEvent event);
// Events with seq > after_seq, oldest first, at most limit.
std::vector<StoredEvent> events_after(Connection& connection, std::int64_t session_id, std::int64_t after_seq, int limit);
// Every event about post, oldest first.
std::vector<StoredEvent> events_about_post(Connection& connection, std::int64_t post_id);
// Replaces body and moderator_body of one stored event (a post changed).
void rewrite_event(Connection& connection, const StoredEvent& event);

}  // namespace kl::storage
