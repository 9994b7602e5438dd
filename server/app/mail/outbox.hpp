#pragma once
// The queueing API: how any part of the server sends a mail. Call it inside the writer
// transaction of the change that causes the mail; the row commits (or rolls back) with
// that change, and the worker is woken after the commit. See README.md.
#include "server/app/core/services.hpp"

#include <string>

namespace kl::storage {
class Connection;
}

namespace kl::app::mail {

struct MailToQueue {
    std::string recipient;  // one address (protocol::required_email checked it)
    std::string kind;       // activation, invitation, notification, digest
    std::string subject;    // one line, Dutch, no post/card/note text
    std::string text;       // the text/plain part
    std::string html;       // the text/html part (mail_text.hpp builds both)
};

enum class Queued {
    not_configured,  // no --smtp: nothing is mailed
    queued,
    refused,         // the outbox is full (in total or for this address); logged
};

// Writes the mail to the outbox in the caller's transaction (connection must be the
// writer's, inside a job). Throws what storage throws (the caller's change rolls back).
Queued queue_mail(Services& services, storage::Connection& connection, const MailToQueue& mail);

// "queued", "not_configured" or "refused": what answers say about a mail.
const char* queued_name(Queued queued);

}  // namespace kl::app::mail
