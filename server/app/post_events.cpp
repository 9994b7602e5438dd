#include "server/app/post_events.hpp"

#include "server/app/post_json.hpp"
#include "storage/events.hpp"

namespace kl::app {

Audience post_audience(const storage::Post& post) {
    if (post.whisper) return Audience::moderators();
    if (post.state == "pending" || post.state == "rejected") return Audience::moderators_and(post.author_id);
    return Audience::everyone();
}

void record_post_event(storage::Connection& connection, Change& change, const storage::Post& post,
                       const storage::User& actor, std::int64_t now, PostEvent event) {
    EventDraft draft(event.kind, event.extra, event.audience.value_or(post_audience(post)));
    draft.post_id = post.id;
    draft.payload["post"] = post_json(connection, post, PostView::everyone());
    draft.moderator_payload = event.extra;
    (*draft.moderator_payload)["post"] = post_json(connection, post, PostView::moderators());
    if (event.by_author) {
        draft.payload["actor"] = author_actor_json(connection, post, PostView::everyone());
        (*draft.moderator_payload)["actor"] = author_actor_json(connection, post, PostView::moderators());
    }
    record_event(connection, change, post.session_id, now, actor, std::move(draft));
}

void refresh_post_events(storage::Connection& connection, const storage::Post& post) {
    auto everyone = post_json(connection, post, PostView::everyone());
    auto moderators = post_json(connection, post, PostView::moderators());
    for (auto event : storage::events_about_post(connection, post.id)) {
        auto body = nlohmann::json::parse(event.body);
        auto moderator_body = event.moderator_body ? nlohmann::json::parse(*event.moderator_body) : body;
        body["post"] = everyone;
        moderator_body["post"] = moderators;
        event.body = body.dump();
        auto moderator_text = moderator_body.dump();
        event.moderator_body = moderator_text != event.body ? std::optional(std::move(moderator_text)) : std::nullopt;
        storage::rewrite_event(connection, event);
    }
}

}  // namespace kl::app
