// The session permission matrix: every session action against every kind of caller.
#include "server/app/access/session_access.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

using namespace kl::app;

namespace {

struct Caller {
    const char* name;
    const char* global_role;
    const char* session_role;  // nullptr: not a member
    bool disabled;
};

constexpr Caller callers[] = {
    {"admin (not a member)", "admin", nullptr, false},
    {"staff (not a member)", "staff", nullptr, false},
    {"moderator", "member", "moderator", false},
    {"participant", "member", "participant", false},
    {"expert", "member", "expert", false},
    {"observer", "member", "observer", false},
    {"non-member", "member", nullptr, false},
    {"disabled moderator", "staff", "moderator", true},
};

constexpr SessionAction actions[] = {SessionAction::read,         SessionAction::update, SessionAction::archive,
                                     SessionAction::manage_members, SessionAction::start_thread,
                                     SessionAction::post,           SessionAction::flag,   SessionAction::moderate,
                                     SessionAction::add_card,       SessionAction::read_audit,
                                     SessionAction::set_retention};
constexpr std::size_t action_count = std::size(actions);

// Expected decisions in an open session, one letter per action in the order above:
// A allowed, - forbidden.        read update archive members thread post flag moderate card audit retention
const std::map<std::string, std::string> open_session = {
    {"admin (not a member)", "-----------"},
    {"staff (not a member)", "-----------"},
    {"moderator",            "AAAAAAAAAAA"},
    {"participant",          "A---AAA-A--"},
    {"expert",               "A----AA-A--"},
    {"observer",             "A-----A----"},
    {"non-member",           "-----------"},
    {"disabled moderator",   "-----------"},
};

TEST(SessionAccess, EveryActionAgainstEveryCaller) {
    for (bool archived : {false, true}) {
        kl::storage::Session session;
        session.id = 1;
        if (archived) session.archived_at = 100;
        for (const auto& caller : callers) {
            kl::storage::User user;
            user.id = 7;
            user.global_role = caller.global_role;
            user.disabled = caller.disabled;
            std::optional<kl::storage::Member> member;
            if (caller.session_role) {
                member.emplace();
                member->session_id = 1;
                member->user_id = 7;
                member->role = caller.session_role;
            }
            const auto& row = open_session.at(caller.name);
            ASSERT_EQ(row.size(), action_count);
            for (std::size_t i = 0; i < action_count; ++i) {
                auto expected = row[i] == 'A' ? Decision::allowed : Decision::forbidden;
                // Archiving turns every change the role could make into `locked`; reading
                // stays, and so does setting the term of keeping.
                if (archived && expected == Decision::allowed && actions[i] != SessionAction::read &&
                    actions[i] != SessionAction::read_audit && actions[i] != SessionAction::set_retention)
                    expected = Decision::locked;
                EXPECT_EQ(decide(user, member, session, actions[i]), expected)
                    << caller.name << ", action " << i << (archived ? ", archived" : "");
            }
        }
    }
}

TEST(SessionAccess, TheSessionDecidesWhetherExpertsAddCards) {
    kl::storage::Session session;
    kl::storage::User user;
    user.global_role = "member";
    kl::storage::Member expert;
    expert.role = "expert";
    EXPECT_EQ(decide(user, expert, session, SessionAction::add_card), Decision::allowed);
    session.experts_add_cards = false;
    EXPECT_EQ(decide(user, expert, session, SessionAction::add_card), Decision::forbidden);
    expert.role = "participant";
    EXPECT_EQ(decide(user, expert, session, SessionAction::add_card), Decision::allowed);
}

// Cards: who reaches which card, by role, with the session's setting and archiving.
TEST(SessionAccess, CardRightsReachAnyOwnOrNone) {
    kl::storage::Session session;
    auto reach = [&](const char* role) {
        kl::storage::Member m;
        m.role = role;
        m.user_id = 7;
        return std::pair{card_edit_reach(m, session), card_delete_reach(m, session)};
    };
    EXPECT_EQ(reach("moderator"), std::pair(Reach::any, Reach::any));
    EXPECT_EQ(reach("participant"), std::pair(Reach::any, Reach::own));
    EXPECT_EQ(reach("expert"), std::pair(Reach::own, Reach::own));
    EXPECT_EQ(reach("observer"), std::pair(Reach::none, Reach::none));
    session.experts_add_cards = false;
    EXPECT_EQ(reach("expert"), std::pair(Reach::none, Reach::none));
    session.archived_at = 100;
    EXPECT_EQ(reach("moderator"), std::pair(Reach::none, Reach::none));

    kl::storage::Member expert;
    expert.role = "expert";
    expert.user_id = 7;
    EXPECT_TRUE(reaches(Reach::own, expert, 7));
    EXPECT_FALSE(reaches(Reach::own, expert, 8));
    EXPECT_TRUE(reaches(Reach::any, expert, 8));
    EXPECT_FALSE(reaches(Reach::none, expert, 7));
}

}  // namespace
