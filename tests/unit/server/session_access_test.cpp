// The session permission matrix: every session action against every kind of caller.
#include "server/app/session_access.hpp"

#include <gtest/gtest.h>

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

// Expected decisions in an open session: read, update, archive, manage_members.
const std::map<std::string, std::array<Decision, 4>> open_session = {
    {"admin (not a member)", {Decision::forbidden, Decision::forbidden, Decision::forbidden, Decision::forbidden}},
    {"staff (not a member)", {Decision::forbidden, Decision::forbidden, Decision::forbidden, Decision::forbidden}},
    {"moderator", {Decision::allowed, Decision::allowed, Decision::allowed, Decision::allowed}},
    {"participant", {Decision::allowed, Decision::forbidden, Decision::forbidden, Decision::forbidden}},
    {"expert", {Decision::allowed, Decision::forbidden, Decision::forbidden, Decision::forbidden}},
    {"observer", {Decision::allowed, Decision::forbidden, Decision::forbidden, Decision::forbidden}},
    {"non-member", {Decision::forbidden, Decision::forbidden, Decision::forbidden, Decision::forbidden}},
    {"disabled moderator", {Decision::forbidden, Decision::forbidden, Decision::forbidden, Decision::forbidden}},
};

constexpr SessionAction actions[] = {SessionAction::read, SessionAction::update, SessionAction::archive,
                                     SessionAction::manage_members};

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
            for (std::size_t i = 0; i < 4; ++i) {
                auto expected = open_session.at(caller.name)[i];
                // Archiving turns every change a moderator could make into `locked`.
                if (archived && expected == Decision::allowed && actions[i] != SessionAction::read)
                    expected = Decision::locked;
                EXPECT_EQ(decide(user, member, session, actions[i]), expected)
                    << caller.name << ", action " << i << (archived ? ", archived" : "");
            }
        }
    }
}

}  // namespace
