#pragma once
// Mail as the rest of the server sees it when --smtp is given: the sender's identity,
// the worker that sends, and waking it once a queueing transaction has committed.
// Made by register_mail (mail_feature.cpp) and reached through Services::mailer.
#include "server/app/core/services.hpp"
#include "server/app/mail/mail_worker.hpp"

#include <memory>
#include <mutex>
#include <string>

namespace kl::app::mail {

// The page a person changes which mail they get (List-Unsubscribe points there).
inline constexpr const char* settings_path = "/beveiliging#meldingen";  // web/js/notifications/mail-choice.js

class Mailer {
public:
    explicit Mailer(Services& services);
    ~Mailer();
    Mailer(const Mailer&) = delete;
    Mailer& operator=(const Mailer&) = delete;

    // The host part of --mail-from: the right side of every Message-ID we make.
    const std::string& message_id_domain() const { return domain_; }
    MailWorker& worker() { return worker_; }

    // Wakes the worker after the writer's current transaction has committed. Called
    // from inside a writer job (queue_mail): the no-op job it posts runs in a later
    // batch, so its done callback, which wakes the worker, comes after this commit.
    void wake_after_commit();

private:
    // What a posted no-op's completion wakes. The writer outlives the Mailer (it runs
    // its last jobs when the server is taken down), so the completion holds this and
    // finds nothing to wake once the Mailer is gone.
    struct Waker {
        std::mutex mutex;
        MailWorker* worker = nullptr;
    };

    Services& services_;
    std::string domain_;
    MailWorker worker_;
    std::shared_ptr<Waker> waker_ = std::make_shared<Waker>();
};

}  // namespace kl::app::mail
