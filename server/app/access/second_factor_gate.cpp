#include "server/app/access/second_factor_gate.hpp"

#include "storage/second_factor.hpp"

#include <spdlog/spdlog.h>

#include <mutex>

namespace kl::app {

namespace {

void put(std::unordered_set<std::int64_t>& set, std::int64_t id, bool present) {
    if (present)
        set.insert(id);
    else
        set.erase(id);
}

}  // namespace

std::optional<SecondFactorPolicy> parse_second_factor_policy(std::string_view text) {
    if (text == "none") return SecondFactorPolicy::none;
    if (text == "staff_and_moderators") return SecondFactorPolicy::staff_and_moderators;
    if (text == "everyone") return SecondFactorPolicy::everyone;
    return std::nullopt;
}

std::string_view to_string(SecondFactorPolicy policy) {
    switch (policy) {
        case SecondFactorPolicy::none: return "none";
        case SecondFactorPolicy::staff_and_moderators: return "staff_and_moderators";
        case SecondFactorPolicy::everyone: return "everyone";
    }
    return "none";
}

bool policy_covers(SecondFactorPolicy policy, bool staff_or_moderator) {
    switch (policy) {
        case SecondFactorPolicy::none: return false;
        case SecondFactorPolicy::staff_and_moderators: return staff_or_moderator;
        case SecondFactorPolicy::everyone: return true;
    }
    return false;
}

bool second_factor_missing(SecondFactorPolicy policy, bool staff_or_moderator, bool has_factor) {
    return policy_covers(policy, staff_or_moderator) && !has_factor;
}

bool allowed_without_second_factor(std::string_view verb) {
    return verb == "hello" || verb == "mfa.status" || verb.starts_with("mfa.totp.") || verb.starts_with("mfa.passkey.");
}

bool SecondFactorGate::blocks(std::int64_t user_id) const {
    if (policy() == SecondFactorPolicy::none) return false;  // the usual case: no lock
    std::shared_lock lock(mutex_);
    return second_factor_missing(view_.policy, view_.covered.contains(user_id), view_.with_factor.contains(user_id));
}

bool SecondFactorGate::requires_factor(std::int64_t user_id) const {
    if (policy() == SecondFactorPolicy::none) return false;
    std::shared_lock lock(mutex_);
    return policy_covers(view_.policy, view_.covered.contains(user_id));
}

void SecondFactorGate::note_policy(SecondFactorPolicy policy) {
    std::unique_lock lock(mutex_);
    view_.policy = policy;
    policy_.store(policy, std::memory_order_release);
    ++generation_;
}

void SecondFactorGate::note_factor(std::int64_t user_id, bool has_factor) {
    std::unique_lock lock(mutex_);
    put(view_.with_factor, user_id, has_factor);
    ++generation_;
}

void SecondFactorGate::recheck(storage::Connection& connection, std::int64_t user_id) {
    bool covered = storage::is_staff_or_moderator(connection, user_id);
    std::unique_lock lock(mutex_);
    put(view_.covered, user_id, covered);
    ++generation_;
}

SecondFactorGate::View SecondFactorGate::read(storage::Connection& connection) {
    View view;
    view.policy =
        parse_second_factor_policy(storage::second_factor_policy(connection)).value_or(SecondFactorPolicy::none);
    for (auto id : storage::staff_and_moderators(connection)) view.covered.insert(id);
    for (auto id : storage::users_with_second_factor(connection)) view.with_factor.insert(id);
    return view;
}

void SecondFactorGate::apply(View view, std::uint64_t generation_at_read) {
    std::unique_lock lock(mutex_);
    // A targeted update since the read started may be newer than what was read: keep
    // it, the next reconcile brings the rest.
    if (generation_ != generation_at_read) return;
    policy_.store(view.policy, std::memory_order_release);
    view_ = std::move(view);
}

void SecondFactorGate::reload(storage::Connection& connection) {
    std::uint64_t generation;
    {
        std::shared_lock lock(mutex_);
        generation = generation_;
    }
    apply(read(connection), generation);
}

void SecondFactorGate::reconcile(BlockingPool& pool) {
    if (reconciling_.exchange(true)) return;
    pool.post([this](storage::Connection& connection) {
        try {
            reload(connection);
        } catch (const std::exception& e) {
            spdlog::warn("second-factor view not reconciled: {}", e.what());
        }
        reconciling_.store(false);
    });
}

}  // namespace kl::app
