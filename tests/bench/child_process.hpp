#pragma once
// A server under test as a child process: started pinned to given CPUs (through
// taskset, which execs it, so the pid is the server's own), its output copied to a log
// file by a reader thread that also lets the bench wait for a line to appear (the
// "listening" line is the event that says the server is up).
#include "net.hpp"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace kl::bench {

class ChildProcess {
public:
    // cpus: a taskset CPU list such as "0"; empty runs it unpinned.
    ChildProcess(const std::vector<std::string>& argv, const std::string& cpus, const std::string& log_path);
    ~ChildProcess();  // SIGKILL if still running
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    Clock::time_point started_at() const { return started_at_; }

    // The first output line containing needle (also one printed before the call), or
    // nullopt when the process ended or the timeout passed first.
    std::optional<std::string> wait_for_line(std::string_view needle, Clock::duration timeout);
    // Sends signal and waits for the process to end; its exit status as from waitpid.
    int stop(int signal);
    bool running() const { return pid_ > 0; }

private:
    void read_output(int fd, std::string log_path);

    pid_t pid_ = -1;
    Clock::time_point started_at_;
    std::thread reader_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::string> lines_;
    bool output_ended_ = false;
};

}  // namespace kl::bench
