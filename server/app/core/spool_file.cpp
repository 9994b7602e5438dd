#include "server/app/core/spool_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace kl::app {

namespace {

std::runtime_error failure(const char* what) { return std::runtime_error(std::string(what) + ": " + std::strerror(errno)); }

}  // namespace

SpoolFile::SpoolFile(const std::string& directory) {
    fd_ = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd_ >= 0) return;
    // A file system without O_TMPFILE: a fresh name, removed at once.
    std::string pattern = directory + "/.spool-XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd_ < 0) throw failure("cannot make a spool file");
    ::unlink(name.data());
}

SpoolFile::~SpoolFile() {
    if (fd_ >= 0) ::close(fd_);
}

void SpoolFile::write(std::string_view text) {
    pending_.append(text);
    if (pending_.size() >= 64 * 1024) flush();
}

void SpoolFile::flush() {
    std::string_view text = pending_;
    while (!text.empty()) {
        auto n = ::pwrite(fd_, text.data(), text.size(), static_cast<off_t>(size_));
        if (n < 0) {
            if (errno == EINTR) continue;
            throw failure("cannot write a spool file");
        }
        size_ += static_cast<std::size_t>(n);
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    pending_.clear();
}

std::string SpoolFile::read(std::size_t max_bytes) {
    flush();
    std::string piece(std::min(max_bytes, size_ - read_offset_), '\0');
    std::size_t got = 0;
    while (got < piece.size()) {
        auto n = ::pread(fd_, piece.data() + got, piece.size() - got, static_cast<off_t>(read_offset_ + got));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw failure("cannot read a spool file");
        got += static_cast<std::size_t>(n);
    }
    read_offset_ += got;
    return piece;
}

}  // namespace kl::app
