#pragma once
// How every change to a session is made: the work runs in one writer transaction and
// records its events there (state and events commit together); after the commit the
// caller gets the answer first, then the hub fans the events out.
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/hub.hpp"
#include "storage/events.hpp"
#include "storage/users.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kl::app {

// What a change did, filled in by its work inside the transaction.
struct Change {
    std::vector<storage::StoredEvent> events;
    std::int64_t removed_user = 0;  // member.remove: end their subscriptions after publishing
    std::optional<std::pair<std::int64_t, bool>> moderator_change;  // user, is moderator now
    // Frames for all connections of one user, sent after the events (notifications).
    std::vector<std::pair<std::int64_t, std::string>> user_frames;
    // What the change runs with (set by run_change): notify queues mail through it, in
    // the change's own transaction.
    Services* services = nullptr;
};

// Who an event reaches.
struct Audience {
    std::string who = "all";  // all, moderators, moderators_and_user
    std::optional<std::int64_t> user;

    static Audience everyone() { return {}; }
    static Audience moderators() { return {"moderators", std::nullopt}; }
    static Audience moderators_and(std::int64_t user_id) { return {"moderators_and_user", user_id}; }
};

// One event to record. payload gets kind, at and actor (unless it has an actor);
// moderator_payload, when given, is what moderators see instead.
struct EventDraft {
    EventDraft(std::string kind, nlohmann::json payload, Audience audience = Audience::everyone())
        : kind(std::move(kind)), payload(std::move(payload)), audience(std::move(audience)) {}

    std::string kind;
    nlohmann::json payload = nlohmann::json::object();
    Audience audience;
    std::optional<nlohmann::json> moderator_payload;
    std::optional<std::int64_t> post_id;
    std::optional<std::int64_t> subject_at;  // see storage::StoredEvent::subject_at
};

// Appends the event to the session's log in the current transaction and to change.
void record_event(storage::Connection& connection, Change& change, std::int64_t session_id, std::int64_t now,
                  const storage::User& actor, EventDraft draft);

// Edits stored events in place (an erasure): edit gets each event's body and, when it
// has one, its moderator body, and returns true when it changed the object; the events
// it changed are written back. Seq, kind and audience stay.
using EventEdit = std::function<bool(nlohmann::json&)>;
void edit_stored_events(storage::Connection& connection, std::vector<storage::StoredEvent> events,
                        const EventEdit& edit);

using ChangeWork = std::function<nlohmann::json(storage::Connection&, Change&)>;

// Runs work on the writer; after commit: answer, hub updates, events. Background work
// (the erasers) passes WriteLane::background (storage/write_lane.hpp).
void run_change(Services& services, Hub& hub, ChangeWork work, Finish finish,
                storage::WriteLane lane = storage::WriteLane::foreground);

}  // namespace kl::app
