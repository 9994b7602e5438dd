#pragma once
// Work that is heavy but not interactive (password hashing, building an export) runs
// on threads the kernel schedules after the interactive ones: when the CPU is busy, a
// member's request is answered before the next Argon2 pass or report page, and when
// it is idle the background thread still runs at full speed.

namespace kl::app {

// Lowers the calling thread's scheduling priority (Linux: a nice value of its own, 10
// above the process's). Best effort: a failure changes nothing and is not an error.
void run_this_thread_in_background();

}  // namespace kl::app
