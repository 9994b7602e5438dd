#pragma once
// Notifications per user (PROTOCOL.md 1.1, "Notifications and mail") and each user's
// choice of how mail reaches them. A notification names what it is about (session,
// thread, post, card, note block) and never holds text of its own: its title is made
// when it is shown, from what the viewer may see then. Each user keeps at most
// max_notifications_per_user; adding one beyond drops the oldest. Times are Unix seconds.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kl::storage {

class Connection;

inline constexpr int max_notifications_per_user = 500;

struct Notification {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string kind;  // mention, reply, post.approved, post.rejected, note.published, …
    std::int64_t session_id = 0;
    std::optional<std::int64_t> thread_id;
    std::optional<std::int64_t> post_id;
    std::optional<std::int64_t> card_id;
    std::optional<std::int64_t> block_id;
    std::int64_t at = 0;
    bool read = false;
};

// Inserts it (id and read are ignored) and returns it with its id; drops the user's
// oldest beyond the bound.
Notification add_notification(Connection& connection, Notification notification);
// The user's notifications, newest first: those with an id below before (all when
// nullopt), unread only if asked, at most limit.
std::vector<Notification> notifications_of(Connection& connection, std::int64_t user_id,
                                           std::optional<std::int64_t> before, int limit, bool unread_only);
// Marks these of the user's notifications read (ids of others are ignored).
void mark_notifications_read(Connection& connection, std::int64_t user_id, const std::vector<std::int64_t>& ids,
                             std::int64_t now);
void mark_all_notifications_read(Connection& connection, std::int64_t user_id, std::int64_t now);

// Whether the user holds a notification of this kind about the same session and the
// same thread, post, card and block as about (unread ones only if asked). A scan of
// the user's own notifications, which are bounded.
bool has_notification(Connection& connection, std::int64_t user_id, const Notification& about, bool unread_only);
// Whether the user holds any notification (of any kind) about this post.
bool has_notification_about_post(Connection& connection, std::int64_t user_id, std::int64_t post_id);

// "direct", "daily", "weekly" or "off"; "direct" until the user chooses.
std::string notification_email(Connection& connection, std::int64_t user_id);
// A new choice also starts the digest's collection at now (so choosing "daily" at noon
// does not mail a digest of everything before it at once); the same choice again
// changes nothing.
void set_notification_email(Connection& connection, std::int64_t user_id, const std::string& email,
                            std::int64_t now);

// --- mail of notifications (server/app/notifications/notification_mail, digest_mail) ---

// The user's unread notifications that no mail has named yet, oldest first, at most limit.
std::vector<Notification> notifications_to_mail(Connection& connection, std::int64_t user_id, int limit);
// Marks these of the user's notifications as named by a mail at now.
void mark_notifications_mailed(Connection& connection, std::int64_t user_id, const std::vector<std::int64_t>& ids,
                               std::int64_t now);

struct DigestSubscriber {
    std::int64_t user_id = 0;
    std::string email_choice;  // daily or weekly
    std::int64_t since = 0;    // the last digest, or when the user chose this one
};
// Users who chose a daily or weekly digest, by user id after after_user_id, at most limit.
std::vector<DigestSubscriber> digest_subscribers(Connection& connection, std::int64_t after_user_id, int limit);
// The user's digest was made at now (sent, or found empty).
void mark_digest_made(Connection& connection, std::int64_t user_id, std::int64_t now);

}  // namespace kl::storage
