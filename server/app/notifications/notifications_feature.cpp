#include "server/app/notifications/notifications_feature.hpp"

#include "server/app/notifications/digest_runner.hpp"
#include "server/app/notifications/notification_verbs.hpp"

namespace kl::app {

void register_notifications(Features& features) {
    auto& part = features.keep<NotificationVerbs>(features.services);
    auto& verbs = features.verbs;
    verbs.add("notifications.list", part, &NotificationVerbs::list);
    verbs.add("notifications.read", part, &NotificationVerbs::read);
    verbs.add("notifications.settings", part, &NotificationVerbs::settings);
    auto& digests = features.keep<DigestRunner>(features.services);
    features.every_second([&digests] { digests.tick(); });
}

}  // namespace kl::app
