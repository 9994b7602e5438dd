#pragma once
// The durable mail outbox: every mail the server sends is first a row here, written in
// the same transaction as the change that caused it (an account, an invitation), and
// then sent by the mail worker (server/app/mail/). The outbox is a queue, not an archive:
// a mail's bodies are erased as soon as it is sent or has failed for good; what stays
// (recipient, kind, subject, status, times, a short error) is what the administrator
// sees in mail.outbox.
//
// Bounds: at most max_queued_mail rows wait in total and max_queued_mail_per_recipient
// for one address. A mail beyond either is refused (queue_outbox_mail says which), and
// the change that wanted it still goes through: the caller logs the refusal and its
// answer says no mail was queued (the link is still shown to copy). Refusing the newest
// rather than dropping an older one is what mail systems do when a queue is full (a
// 452 "insufficient storage"): what was already accepted keeps its promise. Of the sent
// and failed rows the newest max_kept_mail are kept; older ones go when a mail is queued.
// Times are Unix seconds.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kl::storage {

class Connection;

inline constexpr std::int64_t max_queued_mail = 10'000;
inline constexpr std::int64_t max_queued_mail_per_recipient = 20;
inline constexpr std::int64_t max_kept_mail = 10'000;

// What the caller hands over to queue a mail.
struct NewOutboxMail {
    std::string recipient;   // one address, already validated
    std::string kind;        // activation, invitation, notification, digest
    std::string subject;     // UTF-8, one line
    std::string text_body;   // text/plain part, UTF-8
    std::string html_body;   // text/html part, UTF-8
    std::string message_id;  // "<…@host>", made once: the same on every attempt
    std::int64_t created_at = 0;
};

// One row. text_body and html_body are empty once the mail is sent or failed, and in
// the listings (outbox_page), which never read them.
struct OutboxMail {
    std::int64_t id = 0;
    std::string recipient;
    std::string kind;
    std::string subject;
    std::string text_body;
    std::string html_body;
    std::string message_id;
    std::string status;  // queued, sent, failed
    int attempts = 0;
    std::optional<std::int64_t> next_attempt_at;  // while queued
    std::optional<std::string> last_error;        // a short reason, never a body or a password
    std::int64_t created_at = 0;
    std::optional<std::int64_t> sent_at;
};

enum class QueueRefusal { none, queue_full, recipient_full };

struct QueuedMail {
    std::optional<std::int64_t> id;  // set when queued
    QueueRefusal refusal = QueueRefusal::none;
};

// Inserts the mail as queued and due at once, unless a bound refuses it (nothing is
// written then). Prunes the oldest sent and failed rows beyond max_kept_mail.
QueuedMail queue_outbox_mail(Connection& connection, const NewOutboxMail& mail);

// Queued mail due at now (next_attempt_at <= now), oldest first, with bodies; at most limit.
std::vector<OutboxMail> due_outbox_mail(Connection& connection, std::int64_t now, int limit);
// The earliest next_attempt_at of any queued mail, or nullopt when none waits.
std::optional<std::int64_t> next_outbox_attempt(Connection& connection);

// Every queued mail due later than now becomes due at now (the worker's start).
void make_queued_mail_due(Connection& connection, std::int64_t now);

// The SMTP server accepted it: sent, bodies erased. Only a queued row changes.
void mark_outbox_sent(Connection& connection, std::int64_t id, std::int64_t now);
// A temporary failure: attempts + 1, tried again at next_attempt_at.
void mark_outbox_retry(Connection& connection, std::int64_t id, std::int64_t next_attempt_at,
                       const std::string& error);
// Failed for good: attempts + 1, bodies erased.
void mark_outbox_failed(Connection& connection, std::int64_t id, const std::string& error);

// The newest mails first, without bodies: those with an id below before (all when
// nullopt), at most limit.
std::vector<OutboxMail> outbox_page(Connection& connection, std::optional<std::int64_t> before, int limit);
std::optional<OutboxMail> find_outbox_mail(Connection& connection, std::int64_t id);

}  // namespace kl::storage
