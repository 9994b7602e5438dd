#pragma once
// Notifications by mail, for users who chose "direct": one mail per notification,
// queued in the transaction that made it. A mail names what happened and the session,
// and links to it: never post, card or note text, nor a thread's title (the content
// stays behind the login). Digests (digest_mail) use the same words.
#include "server/app/access/notification_access.hpp"
#include "server/app/core/services.hpp"
#include "storage/notifications.hpp"

#include <string>

namespace kl::storage {
class Connection;
}

namespace kl::app {

// What happened, as a short Dutch phrase without a subject's text ("Je bent genoemd").
std::string notification_phrase(const std::string& kind);
// The digest's count of a kind ("2× genoemd", "1 reactie op je berichten").
std::string notification_count_phrase(const std::string& kind, int count);
// The path in the browser client that opens what the notification is about (the same
// place the bell links to, web/js/notifications/bell.js).
std::string notification_path(const storage::Notification& notification);

// When the notification's user chose "direct" and mail is configured: queues its mail
// in the caller's writer transaction and marks the notification as mailed. subject is
// what the gate let the user see (visible_subject).
void mail_notification_if_direct(Services& services, storage::Connection& connection,
                                 const storage::Notification& notification, const NotificationSubject& subject);

}  // namespace kl::app
