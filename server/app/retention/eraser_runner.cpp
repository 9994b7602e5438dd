#include "server/app/retention/eraser_runner.hpp"

#include "server/app/audit/audit_trail.hpp"
#include "server/app/core/session_change.hpp"
#include "server/app/notifications/notify.hpp"
#include "storage/connection.hpp"
#include "storage/retention.hpp"

#include <spdlog/spdlog.h>

namespace kl::app {

namespace {

// At most this many sessions are announced in one job; the rest in the next pass.
constexpr int notices_per_job = 100;

}  // namespace

void EraserRunner::tick() {
    auto now = services_.now();
    {
        std::lock_guard lock(mutex_);
        if (pass_running_) return;
        if (last_pass_at_ >= 0 && now < last_pass_at_ + seconds_between_passes) return;
        pass_running_ = true;
        last_pass_at_ = now;
    }
    plan(now);
}

void EraserRunner::plan(std::int64_t pass_at) {
    run_change(
        services_, hub_,
        [this](storage::Connection& c, Change& change) -> nlohmann::json {
            auto now = services_.now();
            for (auto id : storage::sessions_due_for_notice(c, now, notice_lead_seconds, notices_per_job)) {
                // The gate shows retention.notice to the session's moderators only.
                notify_members(c, change, about_session(id, 0, "retention.notice"), 0, now);
                storage::mark_erasure_notice(c, id, now);
            }
            auto due = storage::sessions_due_for_erasure(c, now, 1);
            return {{"session", due.empty() ? nlohmann::json(nullptr) : nlohmann::json(due.front())}};
        },
        [this, pass_at](Outcome outcome) {
            if (failed(outcome)) return end_pass(pass_at, false);
            const auto& next = result(outcome)["session"];
            if (next.is_null()) return end_pass(pass_at, true);
            erase_batch(pass_at, next.get<std::int64_t>());
        });
}

void EraserRunner::erase_batch(std::int64_t pass_at, std::int64_t session_id) {
    run_change(
        services_, hub_,
        [this, session_id](storage::Connection& c, Change&) -> nlohmann::json {
            auto now = services_.now();
            auto step = storage::erase_session_batch(c, session_id, rows_per_job, now);
            if (step == storage::ErasureStep::finished) {
                // What was erased is not named: the entry says only that and when.
                audit_action(c, now, std::nullopt, "session.erased", AuditTarget{"session", session_id},
                             {session_id, "", nlohmann::json::object()});
                spdlog::info("retention: the content of session {} is erased", session_id);
            }
            return {{"more", step == storage::ErasureStep::more}};
        },
        [this, pass_at, session_id](Outcome outcome) {
            if (failed(outcome)) {
                spdlog::warn("retention: erasing session {} failed; tried again in the next pass", session_id);
                return end_pass(pass_at, false);
            }
            if (result(outcome)["more"].get<bool>()) return erase_batch(pass_at, session_id);
            plan(pass_at);  // the next due session, if any
        });
}

void EraserRunner::end_pass(std::int64_t pass_at, bool complete) {
    std::lock_guard lock(mutex_);
    pass_running_ = false;
    if (complete) checked_at_ = pass_at;
}

}  // namespace kl::app
