#pragma once
// The visibility gate's rule for notifications: a notification shows (in the list, in
// the unread count, live, and later in mail) only while its user may see what it is
// about, decided by the same Reader as everything else (Reader::may_see_notification_about),
// now and not when it was made.
// So a notification about a post that was hidden, redacted or deleted since, about a
// thread the user may no longer see, or in a session they left or whose guest access
// ended, about a note block deleted since (or one they may not read), or about the
// queue or invitations once they no longer moderate, is not shown. What a notification
// is about that this rule cannot check (a card: no kind is about one yet) is not shown
// either: the rule fails closed.
#include "storage/notes.hpp"
#include "storage/notifications.hpp"
#include "storage/posts.hpp"
#include "storage/sessions.hpp"
#include "storage/threads.hpp"

#include <cstdint>
#include <optional>

namespace kl::storage {
class Connection;
}

namespace kl::app {

// What a visible notification is about, loaded for its title and link.
struct NotificationSubject {
    storage::Session session;
    std::optional<storage::Thread> thread;
    std::optional<storage::Post> post;
    std::optional<storage::NoteBlock> block;
};

// The subject when the notification's user may see it at now; nullopt otherwise.
std::optional<NotificationSubject> visible_subject(storage::Connection& connection,
                                                   const storage::Notification& notification, std::int64_t now);

}  // namespace kl::app
