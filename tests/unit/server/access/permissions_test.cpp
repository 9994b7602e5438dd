// The global permission table: every global verb against every kind of account.
#include "server/app/access/permissions.hpp"

#include <gtest/gtest.h>

using kl::app::GlobalAction;
using kl::app::may;

namespace {

kl::storage::User account(std::string role, bool disabled = false) {
    kl::storage::User user;
    user.id = 1;
    user.global_role = std::move(role);
    user.disabled = disabled;
    return user;
}

struct Row {
    GlobalAction action;
    bool admin, staff, member;
};

TEST(Permissions, GlobalVerbsByRole) {
    const Row table[] = {
        {GlobalAction::hello, true, true, true},
        {GlobalAction::user_create, true, false, false},
        {GlobalAction::user_reset, true, false, false},
        {GlobalAction::user_disable, true, false, false},
        {GlobalAction::user_find, true, true, false},
        {GlobalAction::session_create, true, true, false},
        {GlobalAction::audit_all, true, false, false},
        {GlobalAction::second_factor_policy, true, false, false},
        {GlobalAction::reset_second_factor, true, false, false},
        {GlobalAction::mail_outbox, true, false, false},
        {GlobalAction::legal_hold, true, false, false},
        {GlobalAction::user_export, true, false, false},
        {GlobalAction::user_erase, true, false, false},
    };
    for (const auto& row : table) {
        auto action = static_cast<int>(row.action);
        EXPECT_EQ(may(account("admin"), row.action), row.admin) << action;
        EXPECT_EQ(may(account("staff"), row.action), row.staff) << action;
        EXPECT_EQ(may(account("member"), row.action), row.member) << action;
        // A disabled account may do nothing, whatever its role.
        for (const auto* role : {"admin", "staff", "member"}) EXPECT_FALSE(may(account(role, true), row.action)) << action;
    }
}

TEST(Permissions, UnknownRolesGetNothingButHello) {
    EXPECT_FALSE(may(account("root"), GlobalAction::user_create));
    EXPECT_FALSE(may(account(""), GlobalAction::user_find));
}

}  // namespace
