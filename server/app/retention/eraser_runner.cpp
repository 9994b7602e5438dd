#include "server/app/retention/eraser_runner.hpp"

#include "protocol/time.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/core/session_change.hpp"
#include "server/app/notifications/notify.hpp"
#include "storage/audit.hpp"
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
            if (next.is_null()) return erase_audit(pass_at, 0);
            spdlog::info("retention: erasing session {}", next.get<std::int64_t>());
            erase_batch(pass_at, next.get<std::int64_t>());
        });
}

void EraserRunner::erase_batch(std::int64_t pass_at, std::int64_t session_id) {
    run_change(
        services_, hub_,
        [this, session_id](storage::Connection& c, Change& change) -> nlohmann::json {
            auto now = services_.now();
            auto step = storage::erase_session_batch(c, session_id, rows_per_job, now);
            if (step == storage::ErasureStep::finished) {
                // The subscribed clients stop showing what is gone (the event is also
                // the log's first entry after the erasure, for a later replay).
                record_event(c, change, session_id, now, storage::User{},
                             EventDraft("session.erased", {{"session", {{"id", std::to_string(session_id)}}},
                                                           {"actor", nullptr}}));
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
        },
        storage::WriteLane::background);
}

void EraserRunner::erase_audit(std::int64_t pass_at, std::int64_t erased_so_far) {
    auto days = services_.config.audit_retention_days;
    if (days <= 0) return end_pass(pass_at, true);
    run_change(
        services_, hub_,
        [this, pass_at, days, erased_so_far](storage::Connection& c, Change&) -> nlohmann::json {
            // Whole days: the cut-off moves once a day, so the log gets at most one
            // audit.erased a day, not one a minute as entries age out one by one.
            auto before = (pass_at / storage::seconds_per_day - days) * storage::seconds_per_day;
            int erased = storage::erase_audit_before(c, before, rows_per_job);
            bool more = erased == rows_per_job;
            auto total = erased_so_far + erased;
            // The erasure itself is one entry, written when the last batch is done.
            if (!more && total > 0) {
                audit_action(c, services_.now(), std::nullopt, "audit.erased", std::nullopt,
                             {std::nullopt, "", {{"before", protocol::time_json(before)}, {"entries", total}}});
                spdlog::info("retention: {} audit entries older than {} days erased", total, days);
            }
            return {{"more", more}, {"total", total}};
        },
        [this, pass_at](Outcome outcome) {
            if (failed(outcome)) return end_pass(pass_at, false);
            if (result(outcome)["more"].get<bool>()) return erase_audit(pass_at, result(outcome)["total"].get<std::int64_t>());
            end_pass(pass_at, true);
        });
}

void EraserRunner::end_pass(std::int64_t pass_at, bool complete) {
    std::lock_guard lock(mutex_);
    pass_running_ = false;
    if (complete) checked_at_ = pass_at;
}

}  // namespace kl::app
