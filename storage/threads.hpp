#pragma once
// Threads of a session and each user's read marker in them. Times are Unix seconds.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kl::storage {

class Connection;

struct Thread {
    std::int64_t id = 0;
    std::int64_t session_id = 0;
    std::string title;
    std::string kind;            // casus, vraag, algemeen
    std::string status = "open"; // open, locked, resolved
    bool pinned = false;
    std::int64_t slow_mode_seconds = 0;
    bool pending = false;        // its first post waits for approval
    std::int64_t created_at = 0;
    std::int64_t created_by = 0;
    // Derived on read from the visible, non-whisper posts:
    std::int64_t post_count = 0;
    std::optional<std::int64_t> last_activity_at;
};

// Inserts thread (id assigned) and returns it.
Thread create_thread(Connection& connection, const Thread& thread);
std::int64_t count_threads(Connection& connection, std::int64_t session_id);
std::optional<Thread> find_thread(Connection& connection, std::int64_t id);
// Writes title, status, pinned, slow mode and pending.
void update_thread(Connection& connection, const Thread& thread);
// Gives thread a new title and erases the old one for good: from the row and from the
// full-text index. Stored events that carry the old title are the caller's to rewrite,
// and merging threads_fts and noting the erasure too, as for erase_post_text.
void retitle_thread(Connection& connection, Thread& thread, const std::string& title);
// The threads of a session, pinned first, then by last activity (newest first).
std::vector<Thread> list_threads(Connection& connection, std::int64_t session_id);

// Visible posts by others in thread newer than the user's read marker.
std::int64_t unread_count(Connection& connection, std::int64_t thread_id, std::int64_t user_id);
// Marks everything up to the newest post of the thread as read by the user.
void mark_thread_read(Connection& connection, std::int64_t thread_id, std::int64_t user_id);

}  // namespace kl::storage
