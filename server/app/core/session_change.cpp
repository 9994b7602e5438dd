#include "server/app/core/session_change.hpp"

#include "protocol/time.hpp"

#include <cassert>
#include <memory>

namespace kl::app {

void record_event(storage::Connection& connection, Change& change, std::int64_t session_id, std::int64_t now,
                  const storage::User& actor, EventDraft draft) {
    auto complete = [&](nlohmann::json& payload) {
        payload["kind"] = draft.kind;
        payload["at"] = protocol::time_json(now);
        if (!payload.contains("actor"))
            payload["actor"] = {{"id", std::to_string(actor.id)}, {"display_name", actor.display_name}};
    };
    complete(draft.payload);
    storage::StoredEvent event;
    event.session_id = session_id;
    event.at = now;
    event.kind = draft.kind;
    event.audience = draft.audience.who;
    event.audience_user = draft.audience.user;
    event.body = draft.payload.dump();
    if (draft.moderator_payload) {
        complete(*draft.moderator_payload);
        auto moderator_body = draft.moderator_payload->dump();
        if (moderator_body != event.body) event.moderator_body = std::move(moderator_body);
    }
    event.post_id = draft.post_id;
    event.subject_at = draft.subject_at;
    change.events.push_back(storage::append_event(connection, std::move(event)));
}

void edit_stored_events(storage::Connection& connection, std::vector<storage::StoredEvent> events,
                        const EventEdit& edit) {
    for (auto& event : events) {
        auto body = nlohmann::json::parse(event.body);
        bool changed = edit(body);
        std::optional<nlohmann::json> moderator_body;
        if (event.moderator_body) {
            moderator_body = nlohmann::json::parse(*event.moderator_body);
            changed = edit(*moderator_body) || changed;
        }
        if (!changed) continue;
        event.body = body.dump();
        if (moderator_body) event.moderator_body = moderator_body->dump();
        storage::rewrite_event(connection, event);
    }
}

void run_change(Services& services, Hub& hub, ChangeWork work, Finish finish, storage::WriteLane lane) {
    auto change = std::make_shared<Change>();
    change->services = &services;
    run_write(
        services.writer, [work = std::move(work), change](storage::Connection& c) { return work(c, *change); },
        [&services, &hub, change, finish = std::move(finish)](Outcome outcome) {
            // Published on the writer thread, in commit order: seq order per session (writer.hpp).
            assert(services.writer.on_writer_thread());
            bool ok = !failed(outcome);
            finish(std::move(outcome));  // the answer goes out before the events
            if (!ok) return;
            if (change->moderator_change)
                for (const auto& event : change->events)
                    hub.set_moderator(event.session_id, change->moderator_change->first, change->moderator_change->second);
            for (const auto& event : change->events) hub.publish(event);
            if (change->removed_user != 0)
                for (const auto& event : change->events) hub.remove_user(event.session_id, change->removed_user);
            for (auto& [user, frame] : change->user_frames)
                services.registry.send_to_user(user, std::make_shared<const std::string>(std::move(frame)));
        },
        lane);
}

}  // namespace kl::app
