// The personal-data check: what it must find and what it must leave alone.
#include "protocol/personal_data.hpp"

#include <gtest/gtest.h>

using kl::protocol::find_personal_data;
using kl::protocol::passes_elfproef;
using Kinds = std::vector<std::string>;

TEST(PersonalData, ElfproefAcceptsValidAndRefusesInvalidNumbers) {
    EXPECT_TRUE(passes_elfproef("111222333"));
    EXPECT_TRUE(passes_elfproef("123456782"));
    EXPECT_FALSE(passes_elfproef("123456789"));
    EXPECT_FALSE(passes_elfproef("000000000"));
    EXPECT_FALSE(passes_elfproef("11122233"));
    EXPECT_FALSE(passes_elfproef("11122233x"));
}

TEST(PersonalData, FindsACitizenServiceNumberPlainOrGrouped) {
    EXPECT_EQ(find_personal_data("BSN 111222333 van de jongere"), Kinds{"bsn"});
    EXPECT_EQ(find_personal_data("nummer 111.222.333."), Kinds{"bsn"});
    EXPECT_EQ(find_personal_data("nummer 1234 56 782"), Kinds{"bsn"});
    EXPECT_TRUE(find_personal_data("nummer 123456789 faalt de elfproef").empty());
    EXPECT_TRUE(find_personal_data("1111222333 is tien cijfers").empty());
    EXPECT_TRUE(find_personal_data("mixed 111.222 333").empty());
}

TEST(PersonalData, FindsDutchPhoneNumbers) {
    EXPECT_EQ(find_personal_data("bel 06-12345678"), Kinds{"phone"});
    EXPECT_EQ(find_personal_data("bel 06 1234 5678 morgen"), Kinds{"phone"});
    EXPECT_EQ(find_personal_data("bel (010) 123 4567"), Kinds{"phone"});
    EXPECT_EQ(find_personal_data("bel +31 6 12345678"), Kinds{"phone"});
    EXPECT_EQ(find_personal_data("bel 0031 20 1234567"), Kinds{"phone"});
    EXPECT_TRUE(find_personal_data("in 2024 waren er 1200 meldingen").empty());
    EXPECT_TRUE(find_personal_data("dossier 0612345").empty());
}

TEST(PersonalData, FindsEmailAddresses) {
    EXPECT_EQ(find_personal_data("mail jan.de.vries@example.nl."), Kinds{"email"});
    EXPECT_TRUE(find_personal_data("het @-teken of iemand@ of @home").empty());
    EXPECT_TRUE(find_personal_data("iemand@localhost").empty());
}

TEST(PersonalData, FindsAPostcodeWithAHouseNumber) {
    EXPECT_EQ(find_personal_data("woont op 1234 AB 5"), Kinds{"postcode"});
    EXPECT_EQ(find_personal_data("adres 3511AB 12a"), Kinds{"postcode"});
    EXPECT_EQ(find_personal_data("adres 3511 ab, 7"), Kinds{"postcode"});
    EXPECT_TRUE(find_personal_data("postcodegebied 3511 AB zonder nummer").empty());
    EXPECT_TRUE(find_personal_data("0123 AB 5 begint met nul").empty());
    EXPECT_TRUE(find_personal_data("in 2023 ABC 5 keer").empty());
}

TEST(PersonalData, ReportsEveryKindOnceInAFixedOrder) {
    EXPECT_EQ(find_personal_data("a@b.nl, 1234 AB 1, tel 06-12345678, bsn 111222333, c@d.nl"),
              (Kinds{"bsn", "phone", "email", "postcode"}));
    EXPECT_TRUE(find_personal_data("").empty());
    EXPECT_TRUE(find_personal_data("Een gewone zin over polarisatie in de wijk.").empty());
}
