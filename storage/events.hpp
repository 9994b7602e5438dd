#pragma once
// The per-session event log: every change to a session, numbered 1, 2, 3, … per
// session. Appended in the same transaction as the change, so the log and the state
// never disagree; replay after a reconnect reads from here.
#include <cstddef>
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
    // When the object the event is about came to be (a post's creation, a thread's
    // last activity, a card's last change): a guest who joined later with history
    // "from_join" does not get the event. Empty: the event reveals nothing older.
    std::optional<std::int64_t> subject_at;
};

// Assigns the next seq of the session (sessions.head_seq + 1), stores the event and
// returns it with its seq.
StoredEvent append_event(Connection& connection, StoredEvent event);
// What one replay may hold: a client further behind reloads the session instead.
struct ReplayBudget {
    std::size_t events = 0;
    std::size_t bytes = 0;  // of the events' larger form (moderators' or everyone's)
};
// Every event with seq > after_seq, oldest first; nullopt when they exceed budget
// (reading stops there, so a client far behind costs no more than the budget).
std::optional<std::vector<StoredEvent>> events_after(Connection& connection, std::int64_t session_id,
                                                     std::int64_t after_seq, const ReplayBudget& budget);
// Events of session with seq > after_seq, oldest first; at most limit (for an erasure
// that walks the whole log in batches).
std::vector<StoredEvent> events_page(Connection& connection, std::int64_t session_id, std::int64_t after_seq, int limit);
// Every event about post, oldest first.
std::vector<StoredEvent> events_about_post(Connection& connection, std::int64_t post_id);
// Every event of session whose body or moderator_body contains text (as bytes, so pass
// it as it appears inside the stored JSON), oldest first. A scan of the session's log:
// for erasing a text, which is rare, not for serving requests.
std::vector<StoredEvent> events_containing(Connection& connection, std::int64_t session_id, const std::string& text);
// Replaces body and moderator_body of one stored event (a post changed).
void rewrite_event(Connection& connection, const StoredEvent& event);

}  // namespace kl::storage
