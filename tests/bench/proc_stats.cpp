#include "proc_stats.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

namespace kl::bench {

double process_cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line)) return 0;
    // The command name (field 2) may hold spaces: count fields after its ')'.
    auto close = line.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream fields(line.substr(close + 2));
    std::string field;
    long long utime = 0, stime = 0;
    for (int i = 3; fields >> field; ++i) {
        if (i == 14) utime = std::stoll(field);
        if (i == 15) {
            stime = std::stoll(field);
            break;
        }
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double own_cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

namespace {

// A "Name:  1234 kB" line of /proc/PID/status, in bytes.
std::int64_t status_bytes(pid_t pid, const std::string& name) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(name, 0) == 0) return std::stoll(line.substr(name.size())) * 1024;
    return 0;
}

}  // namespace

std::int64_t resident_bytes(pid_t pid) { return status_bytes(pid, "VmRSS:"); }

std::int64_t peak_resident_bytes(pid_t pid) { return status_bytes(pid, "VmHWM:"); }

bool reset_peak_resident(pid_t pid) {
    std::ofstream out("/proc/" + std::to_string(pid) + "/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

SocketStats socket_stats() {
    std::ifstream in("/proc/net/sockstat");
    std::string line;
    SocketStats stats;
    while (std::getline(in, line)) {
        if (line.rfind("TCP:", 0) != 0) continue;
        std::istringstream words(line.substr(4));
        std::string key;
        std::int64_t value = 0;
        while (words >> key >> value) {
            if (key == "inuse") stats.tcp_in_use = value;
            if (key == "mem") stats.tcp_memory_bytes = value * sysconf(_SC_PAGESIZE);
        }
    }
    return stats;
}

std::int64_t tcp_send_buffer_max() {
    std::ifstream in("/proc/sys/net/ipv4/tcp_wmem");
    std::int64_t minimum = 0, initial = 0, maximum = 0;
    if (in >> minimum >> initial >> maximum) return maximum;
    return 4 * 1024 * 1024;
}

}  // namespace kl::bench
