#include "server/app/access/session_access.hpp"

#include "protocol/errors.hpp"

namespace kl::app {

Decision decide(const storage::User& caller, const std::optional<storage::Member>& member,
                const storage::Session& session, SessionAction action) {
    if (caller.disabled) return Decision::forbidden;
    return decide(member, session, action);
}

Decision decide(const std::optional<storage::Member>& member, const storage::Session& session, SessionAction action) {
    if (!member) return Decision::forbidden;
    if (action == SessionAction::read) return Decision::allowed;
    const auto& role = member->role;
    bool role_may = false;
    switch (action) {
        case SessionAction::read:
        case SessionAction::flag:
            role_may = true;
            break;
        case SessionAction::start_thread:
            role_may = role == "moderator" || role == "participant";
            break;
        case SessionAction::post:
            role_may = role == "moderator" || role == "participant" || role == "expert";
            break;
        case SessionAction::add_card:
            role_may = role == "moderator" || role == "participant" || (role == "expert" && session.experts_add_cards);
            break;
        case SessionAction::update:
        case SessionAction::archive:
        case SessionAction::manage_members:
        case SessionAction::moderate:
        case SessionAction::read_audit:
        case SessionAction::set_retention:
            role_may = role == "moderator";
            break;
    }
    if (!role_may) return Decision::forbidden;
    // Reading the audit log changes nothing: an archived session's moderators still read it.
    // The term of keeping is about an archived session above all (it counts from the archiving).
    if (action == SessionAction::read_audit || action == SessionAction::set_retention) return Decision::allowed;
    if (session.archived_at) return Decision::locked;
    return Decision::allowed;
}

Reach card_edit_reach(const storage::Member& member, const storage::Session& session) {
    if (decide(member, session, SessionAction::add_card) != Decision::allowed) return Reach::none;
    return member.role == "expert" ? Reach::own : Reach::any;
}

Reach card_delete_reach(const storage::Member& member, const storage::Session& session) {
    if (decide(member, session, SessionAction::add_card) != Decision::allowed) return Reach::none;
    return member.role == "moderator" ? Reach::any : Reach::own;
}

bool reaches(Reach reach, const storage::Member& member, std::int64_t created_by) {
    return reach == Reach::any || (reach == Reach::own && created_by == member.user_id);
}

std::optional<storage::Member> active_membership(storage::Connection& connection, std::int64_t session_id,
                                                 std::int64_t user_id, std::int64_t now) {
    auto member = storage::find_member(connection, session_id, user_id);
    if (member && member->access_until && *member->access_until <= now) return std::nullopt;
    return member;
}

SessionAccess require_session(storage::Connection& connection, const storage::User& caller, std::int64_t session_id,
                              SessionAction action, std::int64_t now) {
    using protocol::ErrorCode;
    auto session = storage::find_session(connection, session_id);
    if (!session) throw protocol::ProtocolError(ErrorCode::not_found, "Deze sessie bestaat niet.");
    auto member = active_membership(connection, session_id, caller.id, now);
    switch (decide(caller, member, *session, action)) {
        case Decision::allowed:
            return {*session, member};
        case Decision::locked:
            throw protocol::ProtocolError(ErrorCode::locked, "Deze sessie is gearchiveerd en kan niet meer veranderen.");
        case Decision::forbidden:
            break;
    }
    throw protocol::ProtocolError(ErrorCode::forbidden,
                                  member ? "Dit mag je niet doen met jouw rol in deze sessie."
                                         : "Je bent geen lid van deze sessie.");
}

}  // namespace kl::app
