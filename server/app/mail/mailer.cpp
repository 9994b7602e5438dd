#include "server/app/mail/mailer.hpp"

#include "storage/writer.hpp"

namespace kl::app::mail {

namespace {

SmtpSettings settings_of(const ServerConfig& config) {
    SmtpSettings s;
    s.url = config.smtp_url;
    s.from = config.mail_from;
    s.user = config.smtp_user;
    s.password = config.smtp_password;
    s.ca_file = config.smtp_ca_file;
    return s;
}

}  // namespace

Mailer::Mailer(Services& services)
    : services_(services),
      domain_(services.config.mail_from.substr(services.config.mail_from.rfind('@') + 1)),
      worker_(services.writer, services.config.database_path(), services.clock, settings_of(services.config),
              RetryPolicy{std::chrono::seconds(std::max(1u, services.config.mail_retry_first_seconds))},
              [&services] { return services.origin + settings_path; }) {
    waker_->worker = &worker_;
}

Mailer::~Mailer() {
    std::lock_guard lock(waker_->mutex);
    waker_->worker = nullptr;
}

void Mailer::wake_after_commit() {
    services_.writer.post([](storage::Connection&) {}, [waker = waker_](std::exception_ptr) {
        std::lock_guard lock(waker->mutex);
        if (waker->worker) waker->worker->wake();
    });
}

}  // namespace kl::app::mail
