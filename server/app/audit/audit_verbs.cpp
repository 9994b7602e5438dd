#include "server/app/audit/audit_verbs.hpp"

#include "protocol/fields.hpp"
#include "protocol/paging.hpp"
#include "protocol/time.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/access/session_access.hpp"
#include "server/app/sessions/session_json.hpp"
#include "storage/audit.hpp"
#include "storage/connection.hpp"
#include "storage/threads.hpp"

#include <charconv>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

// A readable name for the target, where one exists without revealing more than the
// reader already sees: a user's display name, a thread's or session's title. Posts
// and invitations get none (an audit entry never carries post text or tokens).
std::optional<std::string> target_label(storage::Connection& c, const std::string& type, const std::string& id) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), value);
    if (error != std::errc() || end != id.data() + id.size()) return std::nullopt;
    if (type == "user") {
        if (auto user = storage::find_user(c, value)) return user->display_name;
    } else if (type == "thread") {
        if (auto thread = storage::find_thread(c, value)) return thread->title;
    } else if (type == "session") {
        if (auto session = storage::find_session(c, value)) return session->title;
    }
    return std::nullopt;
}

// The wire form of one entry; the client address only for admins.
nlohmann::json entry_json(storage::Connection& c, const storage::AuditEntry& entry, bool admin) {
    nlohmann::json target = nullptr;
    if (entry.target_type && entry.target_id) {
        target = {{"type", *entry.target_type}, {"id", *entry.target_id}};
        if (auto label = target_label(c, *entry.target_type, *entry.target_id)) target["label"] = *label;
    }
    // The detail was written as a JSON object by audit_action; anything else reads as empty.
    auto detail = nlohmann::json::parse(entry.detail, nullptr, false);
    if (!detail.is_object()) detail = nlohmann::json::object();
    nlohmann::json json = {{"id", std::to_string(entry.id)},
                           {"at", protocol::time_json(entry.at)},
                           {"actor", user_ref(c, entry.actor_id)},
                           {"action", entry.action},
                           {"target", target},
                           {"session", entry.session_id ? nlohmann::json(std::to_string(*entry.session_id)) : nullptr},
                           {"detail", detail}};
    if (admin) json["address"] = entry.address ? nlohmann::json(*entry.address) : nullptr;
    return json;
}

}  // namespace

AuditVerbs::AuditVerbs(Services& services) : services_(services) {}

void AuditVerbs::list(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    std::optional<std::int64_t> session_id;
    if (auto id = protocol::optional_id(request.params, "session")) session_id = protocol::id_value(*id);
    const auto paging = protocol::page_params(request.params, default_limit, max_limit);
    const auto before = paging.before;
    const auto limit = paging.limit;
    run_read(
        services_.pool,
        [this, id = client->user_id(), session_id, before, limit](storage::Connection& c) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            // One read transaction: the page and the names it shows belong together.
            return storage::in_read_transaction(c, [&]() -> nlohmann::json {
                const bool admin = may(caller, GlobalAction::audit_all);
                if (!session_id && !admin)
                    throw ProtocolError(ErrorCode::forbidden,
                                        "Alleen beheerders zien het hele logboek; moderatoren kiezen hun sessie.");
                if (session_id && admin && !storage::find_session(c, *session_id))
                    throw ProtocolError(ErrorCode::not_found, "Deze sessie bestaat niet.");
                // Not found, not a member, or not its moderator: refused as every session verb refuses.
                if (session_id && !admin)
                    require_session(c, caller, *session_id, SessionAction::read_audit, services_.now());
                auto page = storage::list_audit(c, session_id, before, limit + 1);
                bool has_more = protocol::take_page(page, limit);
                auto entries = nlohmann::json::array();
                for (const auto& entry : page) entries.push_back(entry_json(c, entry, admin));
                return {{"entries", entries},
                        {"has_more", has_more},
                        {"next_before", has_more ? nlohmann::json(std::to_string(page.back().id)) : nullptr}};
            });
        },
        std::move(finish));
}

}  // namespace kl::app
