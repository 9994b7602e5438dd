#include "protocol/vocabulary.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace kl::protocol {
namespace {

TEST(Vocabulary, ListsMatchTheContract) {
    EXPECT_EQ(organisation_types, (std::array<std::string_view, 6>{"gemeente", "ess", "si", "nctv", "expert", "other"}));
    EXPECT_EQ(global_roles, (std::array<std::string_view, 3>{"admin", "staff", "member"}));
    EXPECT_EQ(session_roles, (std::array<std::string_view, 4>{"moderator", "participant", "expert", "observer"}));
    EXPECT_EQ(thread_kinds, (std::array<std::string_view, 3>{"casus", "vraag", "algemeen"}));
    EXPECT_EQ(attributions, (std::array<std::string_view, 3>{"named", "organisation", "organisation_type"}));
    EXPECT_EQ(note_kinds, (std::array<std::string_view, 4>{"summary", "decision", "action", "insight"}));
    EXPECT_EQ(protocol_version, 1);
    EXPECT_EQ(subprotocol, "kennislab.v1");
}

TEST(Vocabulary, OrganisationTypeLabels) {
    static_assert(organisation_type_label("gemeente") == "een gemeente");
    EXPECT_EQ(organisation_type_label("ess"), "ESS");
    EXPECT_EQ(organisation_type_label("si"), "SI");
    EXPECT_EQ(organisation_type_label("nctv"), "NCTV");
    EXPECT_EQ(organisation_type_label("expert"), "een externe deskundige");
    EXPECT_EQ(organisation_type_label("other"), "een andere organisatie");
    EXPECT_EQ(organisation_type_label("onbekend"), "een andere organisatie");
    for (const auto type : organisation_types) EXPECT_FALSE(organisation_type_label(type).empty());
}

}  // namespace
}  // namespace kl::protocol
