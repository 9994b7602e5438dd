#pragma once
// Events about posts. Each is stored in two forms, the one every member may see and the
// one moderators see, and always shows the post as it is now: when a post changes,
// refresh_post_events rewrites it in every earlier event, so a replay never brings
// back an old, hidden or redacted text.
#include "server/app/core/session_change.hpp"
#include "server/app/threads/post_json.hpp"
#include "storage/posts.hpp"

namespace kl::app {

// Who sees events about post: whispers moderators only, pending and rejected posts
// moderators and the author, a post in a thread that is still pending (a moderator's
// reply) moderators and the thread's author, everything else every member.
Audience post_audience(storage::Connection& connection, const storage::Post& post);
// The same when the caller holds the post's thread already (as it is in this transaction).
Audience post_audience(const storage::Post& post, const storage::Thread& thread);

struct PostEvent {
    PostEvent(std::string kind, bool by_author, nlohmann::json extra = nlohmann::json::object(),
              std::optional<Audience> audience = std::nullopt)
        : kind(std::move(kind)), by_author(by_author), extra(std::move(extra)), audience(std::move(audience)) {}

    std::string kind;
    bool by_author = false;  // the author caused it: the actor is shown as the attribution says
    nlohmann::json extra = nlohmann::json::object();  // e.g. reason, flag
    std::optional<Audience> audience;                 // default: post_audience(connection, post)
};

// Returns what it read about the post, for the caller's answer (post_json.hpp).
PostFacts record_post_event(storage::Connection& connection, Change& change, const storage::Post& post,
                            const storage::User& actor, std::int64_t now, PostEvent event);
// The same with what the caller knows about the post already (new_post_facts).
PostFacts record_post_event(storage::Connection& connection, Change& change, const storage::Post& post,
                            const storage::User& actor, std::int64_t now, PostEvent event, PostFacts facts);

// Rewrites the post in every stored event about it to its current form.
void refresh_post_events(storage::Connection& connection, const storage::Post& post);

// A redaction erases more than the text: the reasons given so far about the post (of
// moderation actions, "reason", and of flags, "flag.reason") often quote it. Empties
// them in every stored event about the post, marked "reason_erased": true, so that a
// replay shows that there was a reason but not what it said. Call it before recording
// the redaction's own event, whose reason stays.
void erase_reasons_in_post_events(storage::Connection& connection, std::int64_t post_id);

// Everything a redaction (mod.redact, and user.erase with "redact") erases before its
// own event and audit entry are written: the text and its revisions (with its search
// index entry; merging posts_fts afterwards is the caller's, see
// app/core/erasure_answer.hpp), the reasons of the flags on the post, and the reasons
// of earlier moderation actions, in stored events and in the audit log. What stays:
// that each flag and action happened, by whom and when, and the redaction's own reason.
void erase_post_for_good(storage::Connection& connection, storage::Post& post);

}  // namespace kl::app
