#include "storage/connection.hpp"
#include "storage/tokens.hpp"
#include "storage/users.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

using namespace kl::storage;

namespace {

std::int64_t make_user(Connection& c) {
    return create_user(c, {"anna@voorbeeld.nl", "Anna", "ess", "ESS", "staff", std::nullopt, 0, std::nullopt}).id;
}

TEST(LoginTokens, ValidUntilExpiryAndRevocable) {
    kl::test::TempDatabase db;
    auto c = open_database(db.path(), OpenMode::read_write);
    auto user = make_user(c);
    create_login_token(c, "hash-a", user, 100, 200);
    EXPECT_EQ(login_token_user(c, "hash-a", 150), user);
    EXPECT_FALSE(login_token_user(c, "hash-a", 200));  // expired at 200
    EXPECT_FALSE(login_token_user(c, "hash-b", 150));
    delete_login_token(c, "hash-a");
    EXPECT_FALSE(login_token_user(c, "hash-a", 150));
}

TEST(LoginTokens, AllOfAUserEndTogetherAndExpiredArePurged) {
    kl::test::TempDatabase db;
    auto c = open_database(db.path(), OpenMode::read_write);
    auto user = make_user(c);
    create_login_token(c, "one", user, 0, 1000);
    create_login_token(c, "two", user, 0, 50);
    EXPECT_EQ(purge_expired_login_tokens(c, 100), 1);
    delete_login_tokens_of(c, user);
    EXPECT_FALSE(login_token_user(c, "one", 10));
}

TEST(ActivationTokens, SingleUseAndExpiring) {
    kl::test::TempDatabase db;
    auto c = open_database(db.path(), OpenMode::read_write);
    auto user = make_user(c);
    create_activation_token(c, "act", user, 0, 100);
    EXPECT_EQ(find_activation(c, "act", 10).state, ActivationState::valid);
    EXPECT_EQ(find_activation(c, "act", 10).user_id, user);
    EXPECT_EQ(find_activation(c, "nope", 10).state, ActivationState::unknown);
    EXPECT_EQ(find_activation(c, "act", 100).state, ActivationState::used_or_expired);
    EXPECT_TRUE(use_activation_token(c, "act", 20));
    EXPECT_FALSE(use_activation_token(c, "act", 21));
    EXPECT_EQ(find_activation(c, "act", 22).state, ActivationState::used_or_expired);
}

TEST(ActivationTokens, ANewLinkVoidsTheOldUnusedOne) {
    kl::test::TempDatabase db;
    auto c = open_database(db.path(), OpenMode::read_write);
    auto user = make_user(c);
    create_activation_token(c, "old", user, 0, 100);
    create_activation_token(c, "new", user, 1, 100);
    EXPECT_EQ(find_activation(c, "old", 10).state, ActivationState::unknown);
    EXPECT_EQ(find_activation(c, "new", 10).state, ActivationState::valid);
}

}  // namespace
