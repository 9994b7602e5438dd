// Recovery codes: ten distinct codes of 80 bits in readable groups, matched however
// they are typed, stored only as a hash.
#include "server/app/second_factor/recovery_codes.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace kl::app {
namespace {

TEST(RecoveryCodes, TenDistinctCodesInGroupsOfFour) {
    auto codes = new_recovery_codes();
    ASSERT_EQ(codes.size(), 10u);
    std::set<std::string> distinct(codes.begin(), codes.end());
    EXPECT_EQ(distinct.size(), 10u);
    const std::regex shape("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}");
    for (const auto& code : codes) EXPECT_TRUE(std::regex_match(code, shape)) << code;
    EXPECT_NE(new_recovery_codes(), codes);
}

TEST(RecoveryCodes, NormalisedWithoutCaseDashesAndSpaces) {
    EXPECT_EQ(normalise_recovery_code("abcd-efgh-ijkl-mn23"), "abcdefghijklmn23");
    EXPECT_EQ(normalise_recovery_code("ABCD EFGH IJKL MN23"), "abcdefghijklmn23");
    EXPECT_EQ(normalise_recovery_code(" abcdefghijklmn23 "), "abcdefghijklmn23");
    EXPECT_EQ(recovery_code_hash(*normalise_recovery_code("ABCD-efgh ijkl-MN23")),
              recovery_code_hash(*normalise_recovery_code("abcdefghijklmn23")));
}

TEST(RecoveryCodes, WhatCannotBeACodeIsRefused) {
    EXPECT_EQ(normalise_recovery_code(""), std::nullopt);
    EXPECT_EQ(normalise_recovery_code("abcd-efgh-ijkl-mn2"), std::nullopt);    // 15 characters
    EXPECT_EQ(normalise_recovery_code("abcd-efgh-ijkl-mn234"), std::nullopt);  // 17
    EXPECT_EQ(normalise_recovery_code("abcd-efgh-ijkl-mn01"), std::nullopt);   // 0 and 1 are not base32
    EXPECT_EQ(normalise_recovery_code("abcd_efgh_ijkl_mn23"), std::nullopt);
    EXPECT_EQ(normalise_recovery_code(std::string(100, '-') + "abcdefghijklmn23"), std::nullopt);  // too long
}

TEST(RecoveryCodes, TheHashIsNotTheCode) {
    auto hash = recovery_code_hash("abcdefghijklmn23");
    EXPECT_EQ(hash.size(), 64u);
    EXPECT_EQ(hash.find("abcdefgh"), std::string::npos);
}

}  // namespace
}  // namespace kl::app
