#include "server/app/threads/post_events.hpp"

#include "server/app/board/board_json.hpp"
#include "server/app/threads/post_json.hpp"
#include "storage/audit.hpp"
#include "storage/events.hpp"

#include <cassert>

namespace kl::app {

namespace {

// Who sees post for what it is itself; nullopt when its thread decides.
std::optional<Audience> audience_of_post(const storage::Post& post) {
    if (post.whisper) return Audience::moderators();
    if (post.state == "pending" || post.state == "rejected") return Audience::moderators_and(post.author_id);
    return std::nullopt;
}

Audience audience_in_thread(const storage::Thread* thread) {
    if (thread && thread->pending) return Audience::moderators_and(thread->created_by);
    return Audience::everyone();
}

}  // namespace

Audience post_audience(storage::Connection& connection, const storage::Post& post) {
    if (auto own = audience_of_post(post)) return std::move(*own);
    auto thread = storage::find_thread(connection, post.thread_id);
    return audience_in_thread(thread ? &*thread : nullptr);
}

Audience post_audience(const storage::Post& post, const storage::Thread& thread) {
    assert(thread.id == post.thread_id);
    if (auto own = audience_of_post(post)) return std::move(*own);
    return audience_in_thread(&thread);
}

PostFacts record_post_event(storage::Connection& connection, Change& change, const storage::Post& post,
                            const storage::User& actor, std::int64_t now, PostEvent event) {
    auto facts = post_facts(connection, post);
    return record_post_event(connection, change, post, actor, now, std::move(event), std::move(facts));
}

PostFacts record_post_event(storage::Connection& connection, Change& change, const storage::Post& post,
                            const storage::User& actor, std::int64_t now, PostEvent event, PostFacts facts) {
    auto audience = event.audience ? std::move(*event.audience) : post_audience(connection, post);
    EventDraft draft(event.kind, event.extra, std::move(audience));
    draft.post_id = post.id;
    draft.subject_at = post.created_at;
    draft.payload["post"] = post_json(connection, post, facts, PostView::everyone());
    draft.moderator_payload = event.extra;
    (*draft.moderator_payload)["post"] = post_json(connection, post, facts, PostView::moderators());
    if (event.by_author) {
        draft.payload["actor"] = author_actor_json(post, facts.author, PostView::everyone());
        (*draft.moderator_payload)["actor"] = author_actor_json(post, facts.author, PostView::moderators());
    }
    record_event(connection, change, post.session_id, now, actor, std::move(draft));
    return facts;
}

void refresh_post_events(storage::Connection& connection, const storage::Post& post) {
    // Rewrites the post's own events, and the card events that quote it.
    auto facts = post_facts(connection, post);
    auto everyone = post_json(connection, post, facts, PostView::everyone());
    auto moderators = post_json(connection, post, facts, PostView::moderators());
    for (auto event : storage::events_about_post(connection, post.id)) {
        auto body = nlohmann::json::parse(event.body);
        auto moderator_body = event.moderator_body ? nlohmann::json::parse(*event.moderator_body) : body;
        if (body.contains("card")) {
            // A card made from the post quotes it: the quote follows the post's state.
            auto source = source_post_json(connection, post);
            body["card"]["source_post"] = source;
            moderator_body["card"]["source_post"] = source;
        } else {
            body["post"] = everyone;
            moderator_body["post"] = moderators;
        }
        event.body = body.dump();
        auto moderator_text = moderator_body.dump();
        event.moderator_body = moderator_text != event.body ? std::optional(std::move(moderator_text)) : std::nullopt;
        storage::rewrite_event(connection, event);
    }
}

namespace {

// Empties the reasons in one event object; true when it changed anything.
bool erase_reasons(nlohmann::json& event) {
    bool changed = false;
    auto erase = [&](nlohmann::json& holder) {
        auto reason = holder.find("reason");
        if (reason == holder.end() || !reason->is_string() || reason->get_ref<const std::string&>().empty()) return;
        *reason = "";
        holder["reason_erased"] = true;
        changed = true;
    };
    erase(event);
    if (auto flag = event.find("flag"); flag != event.end() && flag->is_object()) erase(*flag);
    return changed;
}

}  // namespace

void erase_reasons_in_post_events(storage::Connection& connection, std::int64_t post_id) {
    edit_stored_events(connection, storage::events_about_post(connection, post_id), erase_reasons);
}

void erase_post_for_good(storage::Connection& connection, storage::Post& post) {
    storage::erase_post_text(connection, post);
    erase_reasons_in_post_events(connection, post.id);
    storage::erase_audit_reasons(connection, post.session_id, "post", std::to_string(post.id));
}

}  // namespace kl::app
