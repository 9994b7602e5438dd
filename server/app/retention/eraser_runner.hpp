#pragma once
// Erases the content of sessions whose retention has run out (storage/retention.hpp).
// Asked every second (Features::every_second, on an I/O thread, so it only decides), it
// starts a pass at most once a minute on the server's clock (a ManualClock in tests).
// A pass is a chain of short writer jobs: the first tells the moderators of every
// session whose erasure is 14 days away or less (retention.notice, once) and picks the
// next due session; then one job per batch of at most rows_per_job rows erases it, the
// next job queued behind whatever else waits for the writer; when it is done the next
// due session follows, until none is left. A legal hold stops a session between two
// batches. Nothing of a pass lives only in memory: after a restart the next pass goes
// on with a session whose erasure had begun. The last batch of a session records
// session.erased, so that its subscribed clients stop showing its content. With --audit-retention-days N the pass
// ends by erasing the audit entries older than N days, rows_per_job at a time, and
// writes one audit entry (audit.erased: the cut-off and how many) when it erased any.
//
// Thread-safety: tick() on an I/O thread; the jobs' completions on the writer thread.
#include "server/app/core/services.hpp"
#include "server/app/realtime/hub.hpp"

#include <atomic>
#include <cstdint>
#include <mutex>

namespace kl::app {

class EraserRunner {
public:
    EraserRunner(Services& services, Hub& hub) : services_(services), hub_(hub) {}

    void tick();

    // The clock time at which the last complete pass began (-1: none yet): everything
    // due then has been erased (or is held).
    std::int64_t checked_at() const { return checked_at_; }

    static constexpr int rows_per_job = 500;
    static constexpr std::int64_t seconds_between_passes = 60;
    static constexpr std::int64_t notice_lead_seconds = 14 * 86'400;

private:
    void plan(std::int64_t pass_at);
    void erase_batch(std::int64_t pass_at, std::int64_t session_id);
    void erase_audit(std::int64_t pass_at, std::int64_t erased_so_far);
    void end_pass(std::int64_t pass_at, bool complete);

    Services& services_;
    Hub& hub_;
    std::mutex mutex_;
    bool pass_running_ = false;
    std::int64_t last_pass_at_ = -1;  // when the last pass began, complete or not
    std::atomic<std::int64_t> checked_at_{-1};
};

}  // namespace kl::app
