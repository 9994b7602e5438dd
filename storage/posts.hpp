#pragma once
// Posts, their earlier revisions and the flags members raise on them. Times are Unix
// seconds. Redaction (erase_post_text) removes a text from every table of posts that
// held it, and the reasons of the flags on it, which often quote it.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kl::storage {

class Connection;

struct Post {
    std::int64_t id = 0;
    std::int64_t thread_id = 0;
    std::int64_t session_id = 0;
    std::int64_t author_id = 0;
    std::string body;
    std::string state = "visible";  // visible, pending, rejected, hidden, redacted, deleted
    std::optional<std::int64_t> reply_to;
    std::string attribution = "named";
    bool whisper = false;
    std::optional<std::string> client_msg_id;
    std::string personal_data;      // comma-separated kinds the check found
    std::int64_t created_at = 0;
    std::optional<std::int64_t> edited_at;
    bool approved_once = false;     // a moderator approved it at some point
    std::optional<std::string> moderation_action;  // last moderation: approve, reject, hide, …
    std::optional<std::string> moderation_reason;
    std::optional<std::int64_t> moderated_by;
    std::optional<std::int64_t> moderated_at;
};

struct Revision {
    std::string body;
    std::int64_t at = 0;
};

struct Flag {
    std::int64_t id = 0;
    std::int64_t post_id = 0;
    std::int64_t session_id = 0;
    std::int64_t flagged_by = 0;
    std::string reason;
    std::int64_t at = 0;
    std::optional<std::int64_t> closed_at;
};

// Inserts post (id assigned) and returns it.
Post create_post(Connection& connection, const Post& post);
std::optional<Post> find_post(Connection& connection, std::int64_t id);
// The id of the post that opened thread (its oldest), if it has any.
std::optional<std::int64_t> first_post_id(Connection& connection, std::int64_t thread_id);
// The post the author created earlier in session with this client_msg_id, if any. A
// client_msg_id is unique per author within one session, never looked up across them.
std::optional<Post> find_post_by_client_msg(Connection& connection, std::int64_t session_id, std::int64_t author_id,
                                            const std::string& client_msg_id);
// Writes the mutable fields (body, state, edited_at, moderation, personal_data).
void update_post(Connection& connection, const Post& post);
// Posts of thread with id < before (all when nullopt), newest first, at most limit.
// include_* widen the default (visible and placeholder states, no whispers).
struct PostFilter {
    bool moderator = false;         // everything, whispers included
    std::int64_t viewer_id = 0;     // the viewer's own pending and rejected posts are included
    std::int64_t created_from = 0;  // only posts created then or later (a from_join guest's history)
};
std::vector<Post> page_posts(Connection& connection, std::int64_t thread_id, std::optional<std::int64_t> before,
                             int limit, const PostFilter& filter);
// Calls visit with every post of thread, oldest first, streaming from one statement
// (the report of a thread with thousands of posts never holds them all).
void for_each_post(Connection& connection, std::int64_t thread_id, const std::function<void(const Post&)>& visit);
std::vector<Post> pending_posts(Connection& connection, std::int64_t session_id);
// When the author last posted in thread (for slow mode).
std::optional<std::int64_t> last_post_time(Connection& connection, std::int64_t thread_id, std::int64_t author_id);

void add_revision(Connection& connection, std::int64_t post_id, const std::string& body, std::int64_t at);
std::vector<Revision> list_revisions(Connection& connection, std::int64_t post_id);

// Erases the post's text for good: the body, every revision, the full-text index entry
// and the reason of every flag on the post, open or closed (the flags stay, with an
// empty reason). Stored events and audit entries are the caller's (they are JSON of the
// application), and so is the rest of the erasure: merging posts_fts so that no deleted
// token stays behind, then noting the erasure so that the writer truncates the WAL
// (storage/fulltext_merge.hpp; in the server, app/core/erasure_answer.hpp).
void erase_post_text(Connection& connection, Post& post);

// Adds an open flag; returns nullopt when this member already has one open on the post.
std::optional<Flag> add_flag(Connection& connection, const Flag& flag);
std::optional<Flag> find_flag(Connection& connection, std::int64_t id);
std::int64_t open_flag_count(Connection& connection, std::int64_t post_id);
// What waits for a moderator in session: pending posts and open flags (mod.queue;
// pending documents are bounded by the session's document limits instead).
std::int64_t count_waiting_items(Connection& connection, std::int64_t session_id);

// One item of the moderation queue: a pending post or an open flag, by when it came.
struct WaitingItem {
    enum class Kind { post = 0, flag = 1, document = 2 } kind = Kind::post;
    std::int64_t id = 0;  // the post's, the flag's or the (pending) document's
    std::int64_t at = 0;
};
// The queue newest first (by at, then documents, flags, posts, then id), after before when
// given; at most limit items.
std::vector<WaitingItem> waiting_items(Connection& connection, std::int64_t session_id,
                                       const std::optional<WaitingItem>& before, int limit);
void close_flag(Connection& connection, std::int64_t flag_id, std::int64_t at);
void close_flags_of_post(Connection& connection, std::int64_t post_id, std::int64_t at);

}  // namespace kl::storage
