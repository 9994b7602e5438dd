#include "child_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace kl::bench {

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& cpus, const std::string& log_path) {
    std::vector<std::string> full;
    if (!cpus.empty()) full = {"taskset", "-c", cpus};
    full.insert(full.end(), argv.begin(), argv.end());
    std::vector<char*> args;
    for (auto& arg : full) args.push_back(arg.data());
    args.push_back(nullptr);

    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
    started_at_ = Clock::now();
    int rc = posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (rc != 0) {
        close(pipe_fds[0]);
        pid_ = -1;
        throw std::runtime_error("cannot start " + full.front());
    }
    reader_ = std::thread([this, fd = pipe_fds[0], log_path] { read_output(fd, log_path); });
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0) stop(SIGKILL);
    if (reader_.joinable()) reader_.join();
}

void ChildProcess::read_output(int fd, std::string log_path) {
    FILE* log = std::fopen(log_path.c_str(), "a");
    std::string pending;
    char chunk[4096];
    for (;;) {
        auto n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (log) {
            std::fwrite(chunk, 1, static_cast<std::size_t>(n), log);
            std::fflush(log);
        }
        pending.append(chunk, static_cast<std::size_t>(n));
        std::size_t newline;
        while ((newline = pending.find('\n')) != std::string::npos) {
            std::lock_guard lock(mutex_);
            lines_.push_back(pending.substr(0, newline));
            pending.erase(0, newline + 1);
            changed_.notify_all();
        }
    }
    if (log) std::fclose(log);
    close(fd);
    std::lock_guard lock(mutex_);
    output_ended_ = true;
    changed_.notify_all();
}

std::optional<std::string> ChildProcess::wait_for_line(std::string_view needle, Clock::duration timeout) {
    std::unique_lock lock(mutex_);
    std::size_t checked = 0;
    std::optional<std::string> found;
    changed_.wait_for(lock, timeout, [&] {
        for (; checked < lines_.size(); ++checked)
            if (lines_[checked].find(needle) != std::string::npos) {
                found = lines_[checked];
                return true;
            }
        return output_ended_;
    });
    return found;
}

int ChildProcess::stop(int signal) {
    if (pid_ <= 0) return 0;
    ::kill(pid_, signal);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    if (reader_.joinable()) reader_.join();  // the pipe closed with the process
    return status;
}

}  // namespace kl::bench
