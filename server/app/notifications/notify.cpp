#include "server/app/notifications/notify.hpp"

#include "server/app/access/notification_access.hpp"
#include "server/app/notifications/notification_json.hpp"
#include "server/app/notifications/notification_mail.hpp"
#include "storage/connection.hpp"

namespace kl::app {

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

}  // namespace kl::app
