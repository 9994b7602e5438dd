#pragma once
// Runs the digests on the server's schedule: asked every second (Features::every_second,
// on an I/O thread, so it only decides), it posts one writer job whenever a digest
// moment (07:00 Europe/Amsterdam, digest_schedule) has passed since its last complete
// pass, and at the first tick after a start (a server that was down at 07:00 catches
// up). A pass takes at most users_per_job subscribers per job and goes on in the next
// job until all are done, so the writer's other work is never held up for long. The
// clock is the server's (a ManualClock in tests). Without mail configured it does nothing.
//
// Thread-safety: tick() on an I/O thread; the job's completion on the writer thread.
#include "server/app/core/services.hpp"

#include <cstdint>
#include <mutex>

namespace kl::app {

class DigestRunner {
public:
    explicit DigestRunner(Services& services) : services_(services) {}

    void tick();

    static constexpr int users_per_job = 200;

private:
    void run_job(std::int64_t moment, std::int64_t after_user_id);

    Services& services_;
    std::mutex mutex_;
    bool job_running_ = false;
    std::int64_t done_moment_ = -1;  // the digest moment of the last complete pass
};

}  // namespace kl::app
