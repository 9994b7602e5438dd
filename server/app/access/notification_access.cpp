#include "server/app/access/notification_access.hpp"

#include "server/app/access/reader.hpp"
#include "server/app/access/session_access.hpp"
#include "storage/connection.hpp"

namespace kl::app {

std::optional<NotificationSubject> visible_subject(storage::Connection& connection,
                                                   const storage::Notification& notification, std::int64_t now) {
    if (notification.card_id) return std::nullopt;
    auto member = active_membership(connection, notification.session_id, notification.user_id, now);
    auto session = storage::find_session(connection, notification.session_id);
    if (!member || !session) return std::nullopt;
    auto reader = Reader::of(*member);
    if (!reader.may_see_notification_of_kind(notification.kind)) return std::nullopt;
    NotificationSubject subject{*session, std::nullopt, std::nullopt, std::nullopt};
    if (notification.thread_id) {
        subject.thread = storage::find_thread(connection, *notification.thread_id);
        if (!subject.thread || subject.thread->session_id != session->id) return std::nullopt;
    }
    if (notification.post_id) {
        subject.post = storage::find_post(connection, *notification.post_id);
        if (!subject.post || subject.post->session_id != session->id) return std::nullopt;
    }
    if (notification.block_id) {
        subject.block = storage::find_block(connection, *notification.block_id);
        if (!subject.block || subject.block->session_id != session->id) return std::nullopt;
        if (!reader.may_see_notification_about(*subject.block)) return std::nullopt;
    }
    if (!reader.may_see_notification_about(subject.thread, subject.post)) return std::nullopt;
    return subject;
}

}  // namespace kl::app
