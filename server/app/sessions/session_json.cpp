#include "server/app/sessions/session_json.hpp"

#include "protocol/time.hpp"
#include "server/app/access/session_access.hpp"
#include "server/app/accounts/user_json.hpp"
#include "storage/retention.hpp"

namespace kl::app {

nlohmann::json session_json(const storage::Session& s) {
    return {{"id", std::to_string(s.id)},
            {"title", s.title},
            {"description", s.description},
            {"starts_at", protocol::time_json(s.starts_at)},
            {"ends_at", protocol::time_json(s.ends_at)},
            {"premoderation", s.premoderation},
            {"premoderate_participants", s.premoderate_participants},
            {"experts_add_cards", s.experts_add_cards},
            {"archived", s.archived_at.has_value()},
            {"archived_at", protocol::time_json(s.archived_at)},
            {"version", s.version},
            {"created_at", protocol::time_json(s.created_at)}};
}

nlohmann::json session_json(const storage::Session& session, const std::optional<storage::Member>& mine) {
    auto json = session_json(session);
    json["my_role"] = mine ? nlohmann::json(mine->role) : nlohmann::json(nullptr);
    json["my_rights"] = mine ? rights_json(*mine, session) : nlohmann::json(nullptr);
    if (mine && mine->role == "moderator") json.update(retention_json(session));
    return json;
}

nlohmann::json retention_json(const storage::Session& s) {
    return {{"retention_days", s.retention_days ? nlohmann::json(*s.retention_days) : nlohmann::json(nullptr)},
            {"erase_after", protocol::time_json(storage::erase_after(s))},
            {"legal_hold", s.legal_hold},
            {"erased_at", protocol::time_json(s.erased_at)}};
}

namespace {

const char* reach_name(Reach reach) {
    switch (reach) {
        case Reach::none: return "none";
        case Reach::own: return "own";
        case Reach::any: return "any";
    }
    return "none";
}

}  // namespace

nlohmann::json rights_json(const storage::Member& member, const storage::Session& session) {
    auto allowed = [&](SessionAction action) { return decide(member, session, action) == Decision::allowed; };
    return {{"start_thread", allowed(SessionAction::start_thread)},
            {"post", allowed(SessionAction::post)},
            {"flag", allowed(SessionAction::flag)},
            {"moderate", allowed(SessionAction::moderate)},
            {"add_card", allowed(SessionAction::add_card)},
            {"manage_members", allowed(SessionAction::manage_members)},
            {"update", allowed(SessionAction::update)},
            {"read_audit", allowed(SessionAction::read_audit)},
            {"edit_cards", reach_name(card_edit_reach(member, session))},
            {"delete_cards", reach_name(card_delete_reach(member, session))}};
}

nlohmann::json user_ref(storage::Connection& connection, std::optional<std::int64_t> user_id) {
    if (!user_id) return nullptr;
    auto user = storage::find_user(connection, *user_id);
    if (!user) return nullptr;
    return {{"id", std::to_string(user->id)}, {"display_name", user->display_name}};
}

nlohmann::json member_json(storage::Connection& connection, const storage::Member& member) {
    auto user = storage::find_user(connection, member.user_id);
    nlohmann::json inviter = nullptr;
    if (member.invited_by)
        if (auto found = storage::find_user(connection, *member.invited_by))
            inviter = {{"id", std::to_string(found->id)}, {"display_name", found->display_name}};
    return {{"user", user ? user_summary(*user) : nlohmann::json(nullptr)},
            {"role", member.role},
            {"joined_at", protocol::time_json(member.joined_at)},
            {"muted_until", protocol::time_json(member.muted_until)},
            {"access_until", protocol::time_json(member.access_until)},
            {"invited_by", inviter}};
}

}  // namespace kl::app
