#pragma once
// The second-factor gate: while the policy requires a factor of a user who has none,
// that user may only set one up. The one place that decides it, for the WebSocket
// dispatcher (every verb but hello, mfa.status, mfa.totp.* and mfa.passkey.*) and the
// HTTP API (every cookie-authenticated route that is not exempt).
//
// The decision itself is a pure function of plain values (second_factor_missing,
// allowed_without_second_factor), testable as a table. SecondFactorGate holds the
// in-memory view it is asked against on every request: the policy, who a
// staff_and_moderators policy covers, and who has a factor. The view is updated
//   - right after each change that affects it, by the code that made the change:
//     note_policy/note_factor after the commit (the second-factor feature), or
//     recheck(connection, user) inside the writer transaction that changed a role
//     (member.add, member.set_role, member.remove, user.create);
//   - and reconciled whole from storage every few seconds (reconcile, on the read pool),
//     which also mends what a rolled-back transaction left behind.
// A whole reload read before a targeted update is never applied over it (generation).
//
// Thread-safety: every member may be called from any thread. blocks() takes no lock
// while the policy is "none", and a shared lock otherwise.
#include "server/app/core/blocking_pool.hpp"

#include <atomic>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace kl::storage {
class Connection;
}

namespace kl::app {

enum class SecondFactorPolicy { none, staff_and_moderators, everyone };

std::optional<SecondFactorPolicy> parse_second_factor_policy(std::string_view text);
std::string_view to_string(SecondFactorPolicy policy);

// True when policy requires a factor of a user who is (or is not) a global admin or
// staff, or a moderator of any session.
bool policy_covers(SecondFactorPolicy policy, bool staff_or_moderator);
// True when the gate holds this user back: covered and without a factor.
bool second_factor_missing(SecondFactorPolicy policy, bool staff_or_moderator, bool has_factor);
// The verbs a held-back user may still send: hello, mfa.status, mfa.totp.*, mfa.passkey.*.
bool allowed_without_second_factor(std::string_view verb);

inline constexpr const char* second_factor_required_message =
    "Stel eerst een tweede factor in op de pagina Beveiliging.";

class SecondFactorGate {
public:
    // True when the user must set up a factor before anything else.
    bool blocks(std::int64_t user_id) const;
    // True when the policy requires a factor of the user (whether or not they have one).
    bool requires_factor(std::int64_t user_id) const;
    SecondFactorPolicy policy() const { return policy_.load(std::memory_order_acquire); }

    // After a committed change: the policy is now policy; user has (or no longer has) a factor.
    void note_policy(SecondFactorPolicy policy);
    void note_factor(std::int64_t user_id, bool has_factor);
    // Inside a writer transaction that changed user's global or session role: reads
    // whether the policy's staff_and_moderators covers them now and applies it.
    void recheck(storage::Connection& connection, std::int64_t user_id);

    // Reads the whole view from connection and applies it (at start, and in tests).
    void reload(storage::Connection& connection);
    // The same on the pool, unless a reload is already under way; never blocks.
    void reconcile(BlockingPool& pool);

private:
    struct View {
        SecondFactorPolicy policy = SecondFactorPolicy::none;
        std::unordered_set<std::int64_t> covered;      // staff_and_moderators
        std::unordered_set<std::int64_t> with_factor;  // confirmed authenticator or passkey
    };
    static View read(storage::Connection& connection);
    void apply(View view, std::uint64_t generation_at_read);

    mutable std::shared_mutex mutex_;
    std::atomic<SecondFactorPolicy> policy_{SecondFactorPolicy::none};  // mirrors view_.policy, read without the lock
    View view_;
    std::uint64_t generation_ = 0;  // under mutex_: counts targeted updates
    std::atomic<bool> reconciling_{false};
};

}  // namespace kl::app
