#include "server/app/backup/encrypted_backup.hpp"

#include "storage/backup.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

extern char** environ;

namespace kl::app {

namespace {

namespace fs = std::filesystem;

// A temporary name beside path, unique to this process.
std::string temporary_beside(const fs::path& path, const std::string& what) {
    return (path.parent_path() / ("." + path.filename().string() + "." + what + "." + std::to_string(getpid()))).string();
}

void fsync_path(const std::string& path, int flags) {
    int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) throw std::runtime_error("cannot write " + path + " to disk: " + std::strerror(errno));
}

// Overwrites the file with zeros, syncs and removes it; quiet when it is not there.
// The plaintext must not outlive the backup in the file system's free blocks on a
// plain disk; on an encrypted disk it costs little.
void shred(const std::string& path) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        struct stat st {};
        if (::fstat(fd, &st) == 0) {
            std::vector<char> zeros(1 << 16, 0);
            off_t left = st.st_size;
            while (left > 0) {
                auto chunk = static_cast<size_t>(std::min<off_t>(left, static_cast<off_t>(zeros.size())));
                auto written = ::write(fd, zeros.data(), chunk);
                if (written <= 0) break;
                left -= written;
            }
            ::fsync(fd);
        }
        ::close(fd);
    }
    ::unlink(path.c_str());
}

// Removes its files when the backup does not get through.
struct Cleanup {
    std::vector<std::string> shred_paths, remove_paths;
    ~Cleanup() {
        for (const auto& path : shred_paths) shred(path);
        for (const auto& path : remove_paths) ::unlink(path.c_str());
    }
};

// Runs age with argv, its stdin closed and its stderr captured; throws with age's own
// message when it fails.
void run_age(const std::vector<std::string>& args) {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
    std::vector<char*> argv;
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    int spawned = posix_spawnp(&pid, "age", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    if (spawned != 0) {
        ::close(pipe_fds[0]);
        throw std::runtime_error(std::string("cannot run age (Debian package age): ") + std::strerror(spawned));
    }
    std::string message;
    char buffer[4096];
    for (;;) {
        auto n = ::read(pipe_fds[0], buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (message.size() < 4096) message.append(buffer, static_cast<size_t>(n));
    }
    ::close(pipe_fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) message.pop_back();
        throw std::runtime_error("age could not encrypt the backup" + (message.empty() ? std::string() : ": " + message));
    }
}

}  // namespace

void encrypted_backup(const std::string& database_path, const std::string& target, const AgeRecipients& recipients) {
    if (recipients.recipient.empty() == recipients.recipients_file.empty())
        throw std::runtime_error("name one recipient (--encrypt-to) or one recipients file (--encrypt-to-file)");
    auto target_path = fs::absolute(target);
    auto plain = temporary_beside(fs::absolute(database_path), "backup-plain");
    auto cipher = temporary_beside(target_path, "encrypting");
    Cleanup cleanup{{plain, plain + "-journal"}, {cipher}};
    // Owner only, for the plaintext copy and the ciphertext alike.
    auto old_mask = ::umask(077);
    try {
        storage::backup_database(database_path, plain);
        std::vector<std::string> args = {"age", "--encrypt"};
        if (!recipients.recipient.empty()) args.insert(args.end(), {"-r", recipients.recipient});
        else args.insert(args.end(), {"-R", recipients.recipients_file});
        args.insert(args.end(), {"-o", cipher, plain});
        run_age(args);
    } catch (...) {
        ::umask(old_mask);
        throw;
    }
    ::umask(old_mask);
    fsync_path(cipher, O_RDONLY);
    if (::rename(cipher.c_str(), target_path.c_str()) != 0)
        throw std::runtime_error("cannot write " + target_path.string() + ": " + std::strerror(errno));
    cleanup.remove_paths.clear();
    fsync_path(target_path.parent_path().string(), O_RDONLY | O_DIRECTORY);
}

}  // namespace kl::app
