#include "server/app/mail/mail_feature.hpp"

#include "server/app/mail/mailer.hpp"
#include "server/app/mail/outbox_verbs.hpp"

namespace kl::app {

void register_mail(Features& features) {
    if (!features.services.config.smtp_url.empty()) {
        auto& mailer = features.keep<mail::Mailer>(features.services);
        features.services.mailer = &mailer;
        // Started with the server's first tick, once the origin (for the links) is known.
        features.every_second([&mailer] { mailer.worker().start(); });
        features.at_shutdown([&mailer] { mailer.worker().stop(); });
    }
    auto& outbox = features.keep<mail::OutboxVerbs>(features.services);
    features.verbs.add("mail.outbox", outbox, &mail::OutboxVerbs::list);
}

}  // namespace kl::app
