// The second-factor gate as a table: every policy × role × has-factor, the verbs a
// held-back user may still send, and the in-memory view kept up to date.
#include "server/app/access/second_factor_gate.hpp"

#include <gtest/gtest.h>

namespace kl::app {
namespace {

using P = SecondFactorPolicy;

TEST(SecondFactorGate, DecisionTable) {
    struct Row {
        P policy;
        bool staff_or_moderator;
        bool has_factor;
        bool held_back;
    };
    const Row rows[] = {
        {P::none, false, false, false},
        {P::none, false, true, false},
        {P::none, true, false, false},
        {P::none, true, true, false},
        {P::staff_and_moderators, false, false, false},
        {P::staff_and_moderators, false, true, false},
        {P::staff_and_moderators, true, false, true},
        {P::staff_and_moderators, true, true, false},
        {P::everyone, false, false, true},
        {P::everyone, false, true, false},
        {P::everyone, true, false, true},
        {P::everyone, true, true, false},
    };
    for (const auto& row : rows) {
        EXPECT_EQ(second_factor_missing(row.policy, row.staff_or_moderator, row.has_factor), row.held_back)
            << to_string(row.policy) << " staff/moderator=" << row.staff_or_moderator << " factor=" << row.has_factor;
        EXPECT_EQ(policy_covers(row.policy, row.staff_or_moderator),
                  row.policy == P::everyone || (row.policy == P::staff_and_moderators && row.staff_or_moderator));
    }
}

TEST(SecondFactorGate, VerbsAllowedWithoutAFactor) {
    for (const char* verb : {"hello", "mfa.status", "mfa.totp.begin", "mfa.totp.confirm", "mfa.totp.remove",
                             "mfa.passkey.begin", "mfa.passkey.finish", "mfa.passkey.remove"})
        EXPECT_TRUE(allowed_without_second_factor(verb)) << verb;
    for (const char* verb :
         {"session.list", "session.state", "post.create", "user.find", "mfa.recovery.renew", "mfa.policy.get",
          "mfa.policy.set", "user.reset_second_factor", "mfa.totp", "mfa.", "search", "audit.list", "hello.x", ""})
        EXPECT_FALSE(allowed_without_second_factor(verb)) << verb;
}

TEST(SecondFactorGate, PolicyNamesRoundTrip) {
    for (auto policy : {P::none, P::staff_and_moderators, P::everyone})
        EXPECT_EQ(parse_second_factor_policy(to_string(policy)), policy);
    EXPECT_EQ(parse_second_factor_policy("all"), std::nullopt);
    EXPECT_EQ(parse_second_factor_policy("Everyone"), std::nullopt);
}

TEST(SecondFactorGate, ViewFollowsTheChangesItIsTold) {
    SecondFactorGate gate;
    EXPECT_FALSE(gate.blocks(1));
    gate.note_policy(P::everyone);
    EXPECT_TRUE(gate.blocks(1));
    EXPECT_TRUE(gate.requires_factor(1));
    gate.note_factor(1, true);
    EXPECT_FALSE(gate.blocks(1));
    EXPECT_TRUE(gate.requires_factor(1));
    EXPECT_TRUE(gate.blocks(2));
    gate.note_policy(P::staff_and_moderators);
    EXPECT_FALSE(gate.blocks(2));  // not covered: a plain member
    EXPECT_FALSE(gate.requires_factor(2));
    gate.note_factor(1, false);
    EXPECT_FALSE(gate.blocks(1));
    gate.note_policy(P::none);
    EXPECT_FALSE(gate.blocks(1));
}

}  // namespace
}  // namespace kl::app
