#pragma once
// The rules for writing in a thread, decided from plain values (testable without a
// server): who is premoderated, when a post is refused, who may edit.
#include "storage/posts.hpp"
#include "storage/sessions.hpp"
#include "storage/threads.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace kl::app {

// The longest post body, in characters (a thread's first post and every reply).
inline constexpr std::size_t max_post_body_chars = 20000;

// What the personal-data check finds in body, as stored with the post ("bsn,email").
std::string personal_data_marks(const std::string& body);

// Premoderation holds posts of experts, and of participants when the session says so.
bool is_premoderated(const storage::Session& session, const std::string& role);

// The state a new post starts in: pending for premoderated authors, else visible.
std::string initial_post_state(const storage::Session& session, const std::string& role, bool whisper);

// Throws ProtocolError locked (thread locked or resolved, for non-moderators), muted
// (until muted_until) or rate_limited (slow mode, with retry_after) when member may not
// post in thread at now. last_post_at: when the member last posted in the thread.
void check_may_post(const storage::Thread& thread, const storage::Member& member, std::int64_t now,
                    std::optional<std::int64_t> last_post_at);

enum class OwnChange { edit, remove };

// Throws forbidden unless user may edit or delete post: only its author, only while it
// is visible or pending; a premoderated author cannot edit a post once approved (the
// edit would bypass the moderator), though they may still delete it.
void check_may_change_own_post(const storage::Post& post, std::int64_t user_id, const storage::Session& session,
                               const std::string& role, OwnChange change);

}  // namespace kl::app
