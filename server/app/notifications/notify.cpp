#include "server/app/notifications/notify.hpp"

#include "server/app/access/notification_access.hpp"
#include "server/app/notifications/notification_json.hpp"
#include "server/app/notifications/notification_mail.hpp"
#include "storage/connection.hpp"
#include "storage/sessions.hpp"

namespace kl::app {

storage::Notification about_session(std::int64_t session_id, std::int64_t user_id, std::string kind) {
    storage::Notification n;
    n.user_id = user_id;
    n.kind = std::move(kind);
    n.session_id = session_id;
    return n;
}

storage::Notification about_post(const storage::Post& post, std::int64_t user_id, std::string kind) {
    auto n = about_session(post.session_id, user_id, std::move(kind));
    n.thread_id = post.thread_id;
    n.post_id = post.id;
    return n;
}

storage::Notification about_block(const storage::NoteBlock& block, std::int64_t user_id, std::string kind) {
    auto n = about_session(block.session_id, user_id, std::move(kind));
    n.block_id = block.id;
    return n;
}

bool notify(storage::Connection& connection, Change& change, storage::Notification notification,
            std::int64_t actor_id, std::int64_t now) {
    if (notification.user_id == actor_id) return false;
    notification.at = now;
    auto subject = visible_subject(connection, notification, now);
    if (!subject) return false;
    auto stored = storage::add_notification(connection, notification);
    nlohmann::json frame = {{"type", "notification"},
                            {"notification", notification_json(stored, *subject)},
                            {"unread", visible_unread_count(connection, stored.user_id, now)}};
    change.user_frames.emplace_back(stored.user_id, frame.dump());
    if (change.services) mail_notification_if_direct(*change.services, connection, stored, *subject);
    return true;
}

int notify_members(storage::Connection& connection, Change& change, const storage::Notification& notification,
                   std::int64_t actor_id, std::int64_t now) {
    int made = 0;
    for (const auto& member : storage::list_members(connection, notification.session_id)) {
        auto n = notification;
        n.user_id = member.user_id;
        if (notify(connection, change, n, actor_id, now)) ++made;
    }
    return made;
}

void notify_queue_waiting(storage::Connection& connection, Change& change, std::int64_t session_id,
                          std::int64_t actor_id, std::int64_t now) {
    auto n = about_session(session_id, 0, "queue.waiting");
    for (const auto& member : storage::list_members(connection, session_id)) {
        if (member.role != "moderator") continue;
        n.user_id = member.user_id;
        if (storage::has_notification(connection, member.user_id, n, true)) continue;
        notify(connection, change, n, actor_id, now);
    }
}

}  // namespace kl::app
