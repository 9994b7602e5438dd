#include "server/app/notifications/digest_runner.hpp"

#include "server/app/core/async_work.hpp"
#include "server/app/notifications/digest_mail.hpp"
#include "server/app/notifications/digest_schedule.hpp"

#include <spdlog/spdlog.h>

namespace kl::app {

void DigestRunner::tick() {
    if (!services_.mailer) return;
    // Every weekly moment (Monday 07:00) is also a daily one: the daily moments are all
    // the moments there are.
    auto moment = latest_digest_moment(DigestFrequency::daily, services_.now());
    {
        std::lock_guard lock(mutex_);
        if (job_running_ || moment == done_moment_) return;
        job_running_ = true;
    }
    run_job(moment, 0);
}

void DigestRunner::run_job(std::int64_t moment, std::int64_t after_user_id) {
    auto next_after = std::make_shared<std::int64_t>(after_user_id);
    run_write(
        services_.writer,
        [this, after_user_id, next_after](storage::Connection& c) -> nlohmann::json {
            auto pass = make_due_digests(services_, c, services_.now(), after_user_id, users_per_job, *next_after);
            if (pass.mails_queued > 0) spdlog::info("digests: {} queued", pass.mails_queued);
            return {{"more", pass.more}};
        },
        [this, moment, next_after](Outcome outcome) {
            if (!failed(outcome) && result(outcome)["more"].get<bool>()) return run_job(moment, *next_after);
            std::lock_guard lock(mutex_);
            job_running_ = false;
            // A failed pass (a full disk, say) is tried again at the next tick.
            if (!failed(outcome)) done_moment_ = moment;
        });
}

}  // namespace kl::app
