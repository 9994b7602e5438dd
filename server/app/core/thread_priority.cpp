#include "server/app/core/thread_priority.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace kl::app {

namespace {
constexpr int background_niceness = 10;
}

void run_this_thread_in_background() {
    // On Linux, PRIO_PROCESS with a thread id sets that one thread's nice value (a
    // documented deviation from POSIX, see setpriority(2)); the others keep theirs.
    auto thread_id = static_cast<id_t>(::syscall(SYS_gettid));
    errno = 0;
    int current = ::getpriority(PRIO_PROCESS, thread_id);
    if (current == -1 && errno != 0) return;
    ::setpriority(PRIO_PROCESS, thread_id, current + background_niceness);
}

}  // namespace kl::app
