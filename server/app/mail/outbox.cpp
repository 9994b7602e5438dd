#include "server/app/mail/outbox.hpp"

#include "server/app/core/crypto.hpp"
#include "server/app/mail/mailer.hpp"
#include "storage/mail_outbox.hpp"

#include <spdlog/spdlog.h>

namespace kl::app::mail {

Queued queue_mail(Services& services, storage::Connection& connection, const MailToQueue& mail) {
    if (!services.mailer) return Queued::not_configured;
    storage::NewOutboxMail row;
    row.recipient = mail.recipient;
    row.kind = mail.kind;
    row.subject = mail.subject;
    row.text_body = mail.text;
    row.html_body = mail.html;
    // Made once, here: every attempt sends the same Message-ID (mail_worker.hpp says why).
    row.message_id = "<" + base64url_encode(random_bytes(18)) + "@" + services.mailer->message_id_domain() + ">";
    row.created_at = services.now();
    auto queued = storage::queue_outbox_mail(connection, row);
    if (!queued.id) {
        // The change still goes through; the answer says no mail went (the link is shown).
        spdlog::warn("{} mail not queued: {}", mail.kind,
                     queued.refusal == storage::QueueRefusal::queue_full ? "the outbox is full"
                                                                         : "too much mail waits for this address");
        return Queued::refused;
    }
    services.mailer->wake_after_commit();
    return Queued::queued;
}

const char* queued_name(Queued queued) {
    switch (queued) {
    case Queued::queued:
        return "queued";
    case Queued::refused:
        return "refused";
    case Queued::not_configured:
        break;
    }
    return "not_configured";
}

}  // namespace kl::app::mail
