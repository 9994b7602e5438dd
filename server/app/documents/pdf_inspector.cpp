#include "server/app/documents/pdf_inspector.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <chrono>
#include <vector>

extern char** environ;

namespace kl::app {

namespace {

// The longest answer the child may give: its header, the text, and a thumbnail of at
// most 240 × 480 RGB pixels (stored without compression at worst).
constexpr std::size_t max_png_bytes = 240 * 480 * 3 + 64 * 1024;
// How often a wait looks at the stop flag.
constexpr int poll_slice_ms = 100;

class Fd {
public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_;
};

// The child, killed and reaped when this goes out of scope before it exited.
class Child {
public:
    explicit Child(pid_t pid) : pid_(pid) {}
    ~Child() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        wait();
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    // The exit status (waitpid's); blocks until the child has ended.
    int wait() {
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
        return status;
    }

private:
    pid_t pid_;
};

std::optional<PdfFacts> parse_answer(const std::string& out, std::size_t max_text_bytes) {
    auto end_of_head = out.find('\n');
    if (end_of_head == std::string::npos) return std::nullopt;
    auto head = nlohmann::json::parse(out.substr(0, end_of_head), nullptr, false);
    if (!head.is_object() || !head.contains("pages") || !head.contains("text_bytes") || !head.contains("png_bytes") ||
        !head["pages"].is_number_unsigned() || !head["text_bytes"].is_number_unsigned() ||
        !head["png_bytes"].is_number_unsigned())
        return std::nullopt;
    auto text_bytes = head["text_bytes"].get<std::size_t>();
    auto png_bytes = head["png_bytes"].get<std::size_t>();
    if (text_bytes > max_text_bytes || png_bytes > max_png_bytes ||
        out.size() != end_of_head + 1 + text_bytes + png_bytes)
        return std::nullopt;
    PdfFacts facts;
    facts.pages = head["pages"].get<std::int64_t>();
    facts.text = out.substr(end_of_head + 1, text_bytes);
    if (png_bytes > 0) facts.thumbnail = out.substr(end_of_head + 1 + text_bytes);
    return facts;
}

}  // namespace

std::optional<PdfFacts> inspect_pdf(const std::string& inspector, const ServerConfig::PdfLimits& limits,
                                    std::uint64_t max_bytes, const std::function<std::string()>& next_piece,
                                    const std::atomic<bool>& stopping) {
    int to_child[2], from_child[2];
    if (::pipe2(to_child, O_CLOEXEC) != 0) return std::nullopt;
    Fd child_in(to_child[0]), feed(to_child[1]);
    if (::pipe2(from_child, O_CLOEXEC) != 0) return std::nullopt;
    Fd answer(from_child[0]), child_out(from_child[1]);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, child_in.get(), STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, child_out.get(), STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    // Nothing else of the server (sockets, the database) reaches the child.
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    std::string program = inspector.empty() ? "/proc/self/exe" : inspector;
    std::vector<std::string> args = {program,
                                     "inspect-pdf",
                                     "--cpu-seconds", std::to_string(limits.cpu_seconds),
                                     "--memory-mb", std::to_string(limits.memory_mb),
                                     "--max-bytes", std::to_string(max_bytes),
                                     "--max-text-bytes", std::to_string(limits.max_text_bytes)};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        spdlog::error("the PDF inspector could not start: {}", std::strerror(spawned));
        return std::nullopt;
    }
    Child child(pid);
    child_in.reset();
    child_out.reset();
    ::fcntl(feed.get(), F_SETFL, O_NONBLOCK);
    ::fcntl(answer.get(), F_SETFL, O_NONBLOCK);

    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limits.wall_seconds);
    const std::size_t max_answer = 256 + limits.max_text_bytes + max_png_bytes;
    std::string out, piece;
    std::size_t piece_done = 0;
    bool input_done = false;
    char buffer[64 * 1024];
    for (;;) {
        if (stopping) return std::nullopt;
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            spdlog::warn("the PDF inspector ran out of time and was stopped");
            return std::nullopt;
        }
        if (!input_done && piece_done == piece.size()) {
            piece = next_piece();
            piece_done = 0;
            if (piece.empty()) {
                input_done = true;
                feed.reset();  // end of file for the child
            }
        }
        pollfd fds[2] = {{answer.get(), POLLIN, 0}, {feed.get(), POLLOUT, 0}};
        int ready = ::poll(fds, input_done ? 1 : 2, static_cast<int>(std::min<long>(left.count(), poll_slice_ms)));
        if (ready < 0 && errno != EINTR) return std::nullopt;
        if (!input_done && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
            auto n = ::write(feed.get(), piece.data() + piece_done, piece.size() - piece_done);
            if (n > 0) piece_done += static_cast<std::size_t>(n);
            else if (n < 0 && errno != EAGAIN && errno != EINTR) {  // the child stopped reading: it ended
                input_done = true;
                feed.reset();
            }
        }
        if (fds[0].revents & (POLLIN | POLLERR | POLLHUP)) {
            auto n = ::read(answer.get(), buffer, sizeof buffer);
            if (n == 0) break;  // the child closed its output: it is done
            if (n > 0) {
                out.append(buffer, static_cast<std::size_t>(n));
                if (out.size() > max_answer) return std::nullopt;
            } else if (errno != EAGAIN && errno != EINTR) {
                return std::nullopt;
            }
        }
    }
    int status = child.wait();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        spdlog::info("the PDF inspector found no usable PDF (status {})", status);
        return std::nullopt;
    }
    return parse_answer(out, limits.max_text_bytes);
}

}  // namespace kl::app
