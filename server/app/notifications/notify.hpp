#pragma once
// Making a notification, inside the writer transaction of the change that causes it:
// only when the gate lets its user see what it is about (access/notification_access),
// stored with the change, and pushed to the user's open connections after the commit
// as {"type":"notification","notification":{…},"unread":n}. A user is never notified
// of what they did themselves.
#include "server/app/core/session_change.hpp"
#include "storage/notifications.hpp"

namespace kl::app {

// actor_id: who caused it. Returns true when a notification was made.
bool notify(storage::Connection& connection, Change& change, storage::Notification notification,
            std::int64_t actor_id, std::int64_t now);

}  // namespace kl::app
