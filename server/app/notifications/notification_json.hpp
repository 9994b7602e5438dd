#pragma once
// The wire form of a notification (PROTOCOL.md 1.1): {"id","kind","session","thread"?,
// "post"?,"block"?,"at","read","title"}, where title is a short Dutch line made now from what
// the viewer may see (the thread's current title), never from post text; and the
// number of a user's unread notifications that the gate lets them see.
#include "server/app/access/notification_access.hpp"
#include "storage/notifications.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

nlohmann::json notification_json(const storage::Notification& notification, const NotificationSubject& subject);

// Unread notifications the user may see now (at most storage::max_notifications_per_user).
int visible_unread_count(storage::Connection& connection, std::int64_t user_id, std::int64_t now);

}  // namespace kl::app
