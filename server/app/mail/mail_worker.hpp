#pragma once
// The mail worker: one thread of its own (never a socket thread or the read pool) that
// sends the outbox's due mail one at a time and records each result in a short writer
// transaction.
//
// It wakes when a mail is queued (wake(), after the commit that queued it), when the
// next retry is due, and at least once a minute. Results:
// - the SMTP server accepted the mail: sent (bodies erased);
// - a permanent failure (5xx, or a message that cannot be built): failed at once;
// - a temporary failure: tried again after retry_first, then twice as long each time up
//   to an hour, until a day after the mail was queued; then failed.
//
// Crash safety. A mail is marked sent only after the SMTP server accepted it (curl
// returns after the 250 to the end of DATA), so a crash or SIGKILL before that leaves it
// queued, and at start every queued mail is due at once: nothing queued is lost. A mail
// marked sent is never taken again (due_outbox_mail reads only queued rows, and the
// outbox functions only change queued rows). One window stays: the SMTP server has
// accepted the mail and the process dies before our commit of "sent". Then the mail is
// sent a second time on the next start. No SMTP client can close that window (the
// acceptance and our commit are two systems); what makes it harmless is that the second
// copy carries the same Message-ID and Date (they are made when the mail is queued and
// the message is built from the stored row), so mail servers and clients that
// de-duplicate by Message-ID show it once.
//
// If recording "sent" fails (the database cannot write: a full disk), the mail stays
// queued and is sent again once writing works: the same window, held open longer.
//
// Shutdown: stop() lets the mail in progress finish (its SMTP timeouts bound it) and
// records its result, then joins; queued rows simply stay for the next start.
#include "server/app/core/clock.hpp"
#include "server/app/mail/smtp_sender.hpp"
#include "storage/mail_outbox.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace kl::storage {
class Connection;
class Writer;
}

namespace kl::app::mail {

struct RetryPolicy {
    std::chrono::seconds first{60};
    std::chrono::seconds longest{3600};
    std::chrono::seconds give_up_after{86400};

    // When attempt number attempts (1 for the first failure) is tried again.
    std::int64_t next_attempt(std::int64_t now, int attempts) const;
};

class MailWorker {
public:
    // database_path: the worker reads due mail with a read-only connection of its own.
    // unsubscribe_url is asked when a mail is built (the origin is known only once the
    // server listens).
    MailWorker(storage::Writer& writer, std::string database_path, const Clock& clock, SmtpSettings settings,
               RetryPolicy retry, std::function<std::string()> unsubscribe_url);
    ~MailWorker();  // stop()
    MailWorker(const MailWorker&) = delete;
    MailWorker& operator=(const MailWorker&) = delete;

    // Starts the thread (once; later calls do nothing).
    void start();
    // A mail was queued and committed: look now. Thread-safe, never blocks.
    void wake();
    // Finishes the mail in progress, records it, and joins the thread.
    void stop();

private:
    void run();
    // Sends due mail and waits for more until stop(): true then. Throws on a database failure.
    bool send_until_stopped(storage::Connection& reader);
    void deliver(const storage::OutboxMail& mail);
    // Runs job in a writer transaction and waits for its commit.
    void write(std::function<void(storage::Connection&)> job);
    std::int64_t now() const { return clock_.now().time_since_epoch().count(); }

    storage::Writer& writer_;
    const std::string database_path_;
    const Clock& clock_;
    const SmtpSettings settings_;
    const RetryPolicy retry_;
    const std::function<std::string()> unsubscribe_url_;

    std::mutex mutex_;
    std::condition_variable wake_;
    bool woken_ = false;
    bool stopping_ = false;
    bool started_ = false;
    std::thread thread_;
};

}  // namespace kl::app::mail
