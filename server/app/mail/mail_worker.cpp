#include "server/app/mail/mail_worker.hpp"

#include "server/app/core/thread_priority.hpp"
#include "server/app/mail/mime_message.hpp"
#include "storage/connection.hpp"
#include "storage/writer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <future>

namespace kl::app::mail {

namespace {

constexpr int batch = 16;                          // due mails read at once
constexpr std::chrono::seconds idle_wait{60};     // looks at least this often

}  // namespace

std::int64_t RetryPolicy::next_attempt(std::int64_t now, int attempts) const {
    auto delay = first.count();
    for (int i = 1; i < attempts && delay < longest.count(); ++i) delay *= 2;
    return now + std::min<std::int64_t>(delay, longest.count());
}

MailWorker::MailWorker(storage::Writer& writer, std::string database_path, const Clock& clock, SmtpSettings settings,
                       RetryPolicy retry, std::function<std::string()> unsubscribe_url)
    : writer_(writer),
      database_path_(std::move(database_path)),
      clock_(clock),
      settings_(std::move(settings)),
      retry_(retry),
      unsubscribe_url_(std::move(unsubscribe_url)) {}

MailWorker::~MailWorker() { stop(); }

void MailWorker::start() {
    std::lock_guard lock(mutex_);
    if (started_ || stopping_) return;
    started_ = true;
    thread_ = std::thread([this] { run(); });
}

void MailWorker::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wake_.notify_one();
}

void MailWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void MailWorker::write(std::function<void(storage::Connection&)> job) {
    std::promise<void> committed;
    auto done = committed.get_future();
    writer_.post(std::move(job), [&committed](std::exception_ptr error) {
        if (error) committed.set_exception(error);
        else committed.set_value();
    });
    done.get();
}

void MailWorker::run() {
    run_this_thread_in_background();  // members' requests go first on a busy CPU
    bool made_due = false;
    for (;;) {
        try {
            auto reader = storage::open_database(database_path_, storage::OpenMode::read_only);
            if (!made_due) {
                // Whatever was queued before a restart (or a crash) is due now: the restart
                // may well have repaired what made it fail.
                auto started_at = now();
                write([started_at](storage::Connection& c) { storage::make_queued_mail_due(c, started_at); });
                made_due = true;
            }
            if (send_until_stopped(reader)) return;
        } catch (const std::exception& e) {
            // The database or the writer failed (a full disk, say): the rows stay queued,
            // and the worker tries again in a while rather than giving up for good.
            spdlog::error("mail worker: {}; trying again in {} s", e.what(), idle_wait.count());
        }
        std::unique_lock lock(mutex_);
        if (wake_.wait_for(lock, idle_wait, [this] { return stopping_; })) return;
    }
}

bool MailWorker::send_until_stopped(storage::Connection& reader) {
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return true;
            woken_ = false;
        }
        auto due = storage::due_outbox_mail(reader, now(), batch);
        for (const auto& mail : due) {
            deliver(mail);
            std::lock_guard lock(mutex_);
            if (stopping_) return true;
        }
        if (!due.empty()) continue;
        auto wait = idle_wait;
        if (auto next = storage::next_outbox_attempt(reader))
            wait = std::clamp(std::chrono::seconds(*next - now()), std::chrono::seconds(0), idle_wait);
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
    }
}

void MailWorker::deliver(const storage::OutboxMail& mail) {
    SendResult result;
    try {
        MimeMail mime;
        mime.from = settings_.from;
        mime.to = mail.recipient;
        mime.subject = mail.subject;
        mime.text = mail.text_body;
        mime.html = mail.html_body;
        mime.message_id = mail.message_id;
        mime.date = mail.created_at;
        mime.unsubscribe_url = unsubscribe_url_();
        result = send_smtp(settings_, mail.recipient, build_mime_message(mime));
    } catch (const MimeError& e) {
        result = {SendStatus::permanent_failure, e.what()};
    }
    auto at = now();
    auto id = mail.id;
    switch (result.status) {
    case SendStatus::sent:
        write([id, at](storage::Connection& c) { storage::mark_outbox_sent(c, id, at); });
        spdlog::info("mail {} ({}) sent", id, mail.kind);
        return;
    case SendStatus::permanent_failure:
        write([id, reason = result.reason](storage::Connection& c) { storage::mark_outbox_failed(c, id, reason); });
        spdlog::warn("mail {} ({}) failed: {}", id, mail.kind, result.reason);
        return;
    case SendStatus::temporary_failure: {
        auto next = retry_.next_attempt(at, mail.attempts + 1);
        if (next - mail.created_at > retry_.give_up_after.count()) {
            auto reason = "gave up after a day: " + result.reason;
            write([id, reason](storage::Connection& c) { storage::mark_outbox_failed(c, id, reason); });
            spdlog::warn("mail {} ({}) failed: {}", id, mail.kind, reason);
        } else {
            write([id, next, reason = result.reason](storage::Connection& c) {
                storage::mark_outbox_retry(c, id, next, reason);
            });
            spdlog::info("mail {} ({}) not sent, trying again in {} s: {}", id, mail.kind, next - at, result.reason);
        }
        return;
    }
    }
}

}  // namespace kl::app::mail
