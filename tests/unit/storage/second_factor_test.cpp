#include "storage/connection.hpp"
#include "storage/second_factor.hpp"
#include "storage/sessions.hpp"
#include "storage/users.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace kl::storage;

namespace {

std::int64_t make_user(Connection& c, const std::string& email, const std::string& role = "member") {
    return create_user(c, {email, "Anna", "ess", "ESS", role, std::nullopt, 0, std::nullopt}).id;
}

struct SecondFactorStorage : ::testing::Test {
    kl::test::TempDatabase db;
    Connection c = open_database(db.path(), OpenMode::read_write);
    std::int64_t anna = make_user(c, "anna@voorbeeld.nl");
    std::int64_t bram = make_user(c, "bram@voorbeeld.nl");
};

TEST_F(SecondFactorStorage, PolicyStartsAtNoneAndIsSet) {
    EXPECT_EQ(second_factor_policy(c), "none");
    set_second_factor_policy(c, "everyone");
    EXPECT_EQ(second_factor_policy(c), "everyone");
    EXPECT_THROW(set_second_factor_policy(c, "somebody"), StorageError);
}

TEST_F(SecondFactorStorage, PendingAuthenticatorIsNoFactorUntilConfirmed) {
    begin_totp(c, anna, "sealed-1", 10);
    auto pending = find_totp(c, anna);
    ASSERT_TRUE(pending);
    EXPECT_FALSE(pending->confirmed);
    EXPECT_FALSE(has_second_factor(c, anna));
    // A second begin replaces the pending enrolment.
    begin_totp(c, anna, "sealed-2", 11);
    EXPECT_EQ(find_totp(c, anna)->sealed_secret, "sealed-2");
    EXPECT_TRUE(confirm_totp(c, anna, 100, 12));
    EXPECT_FALSE(confirm_totp(c, anna, 101, 13));  // nothing pending any more
    EXPECT_TRUE(has_second_factor(c, anna));
    EXPECT_FALSE(has_second_factor(c, bram));
    EXPECT_EQ(users_with_second_factor(c), std::vector<std::int64_t>{anna});
}

TEST_F(SecondFactorStorage, EachStepIsAcceptedOnceAndNeverAnOlderOne) {
    begin_totp(c, anna, "sealed", 10);
    ASSERT_TRUE(confirm_totp(c, anna, 100, 12));
    EXPECT_FALSE(accept_totp_step(c, anna, 100));  // the confirming code's step is used
    EXPECT_TRUE(accept_totp_step(c, anna, 101));
    EXPECT_FALSE(accept_totp_step(c, anna, 101));
    EXPECT_FALSE(accept_totp_step(c, anna, 99));
    EXPECT_EQ(find_totp(c, anna)->last_step, 101);
    EXPECT_FALSE(accept_totp_step(c, bram, 500));  // no authenticator at all
}

TEST_F(SecondFactorStorage, RecoveryCodesWorkOnceForTheirOwnerAndRenewalVoidsTheOldSet) {
    replace_recovery_codes(c, anna, {"h1", "h2", "h3"}, 5);
    EXPECT_EQ(recovery_codes_left(c, anna), 3);
    EXPECT_FALSE(use_recovery_code(c, bram, "h1", 6));  // another account's code
    EXPECT_TRUE(use_recovery_code(c, anna, "h1", 6));
    EXPECT_FALSE(use_recovery_code(c, anna, "h1", 7));
    EXPECT_EQ(recovery_codes_left(c, anna), 2);
    replace_recovery_codes(c, anna, {"n1", "n2"}, 8);
    EXPECT_FALSE(use_recovery_code(c, anna, "h2", 9));
    EXPECT_TRUE(use_recovery_code(c, anna, "n2", 9));
}

TEST_F(SecondFactorStorage, PasskeysAreListedFoundByCredentialAndCountTheirUse) {
    Passkey key{0, anna, "Laptop werk", "cred-1", "der", -7, 0, 20, std::nullopt};
    auto id = add_passkey(c, key);
    EXPECT_TRUE(has_second_factor(c, anna));
    EXPECT_THROW(add_passkey(c, key), ConstraintError);  // one credential, one account
    auto found = find_passkey_by_credential(c, "cred-1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, id);
    EXPECT_EQ(found->user_id, anna);
    EXPECT_FALSE(found->last_used_at);
    record_passkey_use(c, id, 7, 30);
    auto used = find_passkey(c, id);
    EXPECT_EQ(used->sign_count, 7);
    EXPECT_EQ(used->last_used_at, 30);
    EXPECT_EQ(passkeys_of(c, anna).size(), 1u);
    EXPECT_TRUE(passkeys_of(c, bram).empty());
    delete_passkey(c, id);
    EXPECT_FALSE(has_second_factor(c, anna));
}

TEST_F(SecondFactorStorage, UserHandlesAreUniquePerAccount) {
    create_user_handle(c, anna, "handle-a");
    EXPECT_EQ(find_user_handle(c, anna), "handle-a");
    EXPECT_EQ(user_for_handle(c, "handle-a"), anna);
    EXPECT_FALSE(user_for_handle(c, "handle-b"));
    EXPECT_THROW(create_user_handle(c, bram, "handle-a"), ConstraintError);
}

TEST_F(SecondFactorStorage, SecondStepTokenIsSingleUseExpiresAndCountsWrongCodes) {
    create_second_factor_token(c, "t1", anna, 100, 400);
    auto token = find_second_factor_token(c, "t1", 200);
    ASSERT_TRUE(token);
    EXPECT_TRUE(token->usable);
    EXPECT_EQ(token->user_id, anna);
    EXPECT_EQ(count_wrong_code(c, "t1"), 1);
    EXPECT_EQ(count_wrong_code(c, "t1"), 2);
    EXPECT_FALSE(find_second_factor_token(c, "t1", 400)->usable);  // expired at 400
    EXPECT_TRUE(use_second_factor_token(c, "t1", 200));
    EXPECT_FALSE(use_second_factor_token(c, "t1", 201));
    EXPECT_FALSE(find_second_factor_token(c, "t1", 201)->usable);
    EXPECT_FALSE(find_second_factor_token(c, "unknown", 201));
    create_second_factor_token(c, "t2", anna, 100, 400);
    EXPECT_FALSE(use_second_factor_token(c, "t2", 400));
    EXPECT_EQ(purge_expired_second_factor_state(c, 400), 2);
}

TEST_F(SecondFactorStorage, ChallengesAreUsedOnceAndExpire) {
    create_webauthn_challenge(c, "c1", "register", anna, std::string("Laptop werk"), 100, 400);
    create_webauthn_challenge(c, "c2", "login", std::nullopt, std::nullopt, 100, 400);
    auto first = use_webauthn_challenge(c, "c1", 200);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->purpose, "register");
    EXPECT_EQ(first->user_id, anna);
    EXPECT_EQ(first->label, "Laptop werk");
    EXPECT_FALSE(use_webauthn_challenge(c, "c1", 201));  // replayed
    EXPECT_FALSE(use_webauthn_challenge(c, "c2", 400));  // expired
    EXPECT_THROW(create_webauthn_challenge(c, "c3", "other", std::nullopt, std::nullopt, 1, 2), StorageError);
}

TEST_F(SecondFactorStorage, StaffAndModeratorsAreCoveredAndResetRemovesEveryFactor) {
    auto staff = make_user(c, "carla@voorbeeld.nl", "staff");
    auto moderator = make_user(c, "dirk@voorbeeld.nl");
    Session draft;
    draft.title = "Casus";
    draft.created_by = staff;
    auto session = create_session(c, draft);
    Member member;
    member.session_id = session.id;
    member.user_id = moderator;
    member.role = "moderator";
    add_member(c, member);
    member.user_id = anna;
    member.role = "participant";
    add_member(c, member);
    auto covered = staff_and_moderators(c);
    std::sort(covered.begin(), covered.end());
    EXPECT_EQ(covered, (std::vector<std::int64_t>{staff, moderator}));

    begin_totp(c, anna, "sealed", 1);
    confirm_totp(c, anna, 5, 2);
    replace_recovery_codes(c, anna, {"h1"}, 2);
    add_passkey(c, {0, anna, "Sleutel", "cred-9", "der", -7, 0, 3, std::nullopt});
    create_second_factor_token(c, "t", anna, 1, 100);
    create_webauthn_challenge(c, "ch", "login", anna, std::nullopt, 1, 100);
    delete_second_factors(c, anna);
    EXPECT_FALSE(has_second_factor(c, anna));
    EXPECT_FALSE(find_totp(c, anna));
    EXPECT_EQ(recovery_codes_left(c, anna), 0);
    EXPECT_FALSE(find_second_factor_token(c, "t", 2));
    EXPECT_FALSE(use_webauthn_challenge(c, "ch", 2));
}

}  // namespace
