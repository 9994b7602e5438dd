#pragma once
// Making a notification, inside the writer transaction of the change that causes it:
// only when the gate lets its user see what it is about (access/notification_access),
// stored with the change, and pushed to the user's open connections after the commit
// as {"type":"notification","notification":{…},"unread":n}. A user is never notified
// of what they did themselves.
#include "server/app/core/session_change.hpp"
#include "storage/notes.hpp"
#include "storage/notifications.hpp"
#include "storage/posts.hpp"

#include <string>

namespace kl::app {

// A notification of kind for user about a session as a whole, a post (with its session
// and thread) or a note block.
storage::Notification about_session(std::int64_t session_id, std::int64_t user_id, std::string kind);
storage::Notification about_post(const storage::Post& post, std::int64_t user_id, std::string kind);
storage::Notification about_block(const storage::NoteBlock& block, std::int64_t user_id, std::string kind);

// actor_id: who caused it. Returns true when a notification was made.
bool notify(storage::Connection& connection, Change& change, storage::Notification notification,
            std::int64_t actor_id, std::int64_t now);

// The same notification (its user_id ignored) for every member of its session whom the
// gate lets see it, except the actor. Bounded by the session's members; returns how many
// were made.
int notify_members(storage::Connection& connection, Change& change, const storage::Notification& notification,
                   std::int64_t actor_id, std::int64_t now);

// queue.waiting for each moderator of the session, at most once per batch: a moderator
// who still has an unread queue.waiting for this session gets no new one (reading it
// lets the next item notify again).
void notify_queue_waiting(storage::Connection& connection, Change& change, std::int64_t session_id,
                          std::int64_t actor_id, std::int64_t now);

}  // namespace kl::app
