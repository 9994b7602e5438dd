#pragma once
// What the kernel tells about a process and the machine: CPU time, resident memory,
// socket buffer memory. Read from /proc, so the figures cover the whole server
// process (all its threads) without any help from it.
#include <cstdint>
#include <sys/types.h>

namespace kl::bench {

// utime + stime of the process in seconds (/proc/PID/stat), 0 if it is gone.
double process_cpu_seconds(pid_t pid);
// This process's own CPU time (getrusage), to show whether the client kept up.
double own_cpu_seconds();
// VmRSS of the process in bytes (/proc/PID/status), 0 if it is gone.
std::int64_t resident_bytes(pid_t pid);
// VmHWM, the peak resident memory, in bytes; 0 if it is gone.
std::int64_t peak_resident_bytes(pid_t pid);
// Resets the process's peak (writes 5 to /proc/PID/clear_refs); false when refused.
bool reset_peak_resident(pid_t pid);

// /proc/net/sockstat: TCP sockets in use and the memory the kernel holds in their
// buffers (the "mem" field, in pages, converted to bytes). Machine-wide: it includes
// the client's sockets too.
struct SocketStats {
    std::int64_t tcp_in_use = 0;
    std::int64_t tcp_memory_bytes = 0;
};
SocketStats socket_stats();
// The largest send buffer the kernel's autotuning gives a TCP socket (the third field
// of /proc/sys/net/ipv4/tcp_wmem), in bytes; 4 MiB (the usual value) if unreadable.
std::int64_t tcp_send_buffer_max();

}  // namespace kl::bench
