#pragma once
// The one-time token with which the first administrator is created. It lives only in
// memory (as a hash): a restart before setup prints a new one.
//
// Thread-safety: all members lock.
#include <mutex>
#include <optional>
#include <string>

namespace kl::app {

class SetupToken {
public:
    // Makes a fresh token and returns it (to print); only its hash is kept.
    std::string issue();
    // True when token is the open setup token (constant-time comparison).
    bool matches(const std::string& token) const;
    bool open() const;
    // Closes setup for good (after the first user exists).
    void close();

private:
    mutable std::mutex mutex_;
    std::optional<std::string> hash_;
};

}  // namespace kl::app
