#include "server/app/retention/retention_verbs.hpp"

#include "protocol/fields.hpp"
#include "protocol/time.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/core/session_change.hpp"
#include "server/app/notifications/notify.hpp"
#include "server/app/sessions/session_json.hpp"
#include "storage/connection.hpp"
#include "storage/retention.hpp"
#include "storage/sessions.hpp"

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

nlohmann::json listed_json(const storage::Session& session) {
    auto json = retention_json(session);
    json.update({{"id", std::to_string(session.id)},
                 {"title", session.title},
                 {"archived_at", protocol::time_json(session.archived_at)},
                 {"hold_reason", session.hold_reason}});
    return json;
}

}  // namespace

void RetentionVerbs::hold(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    auto hold = protocol::optional_bool(request.params, "hold");
    if (!hold) throw ProtocolError(ErrorCode::bad_request, "Kies of de bewaarplicht geldt (hold: true of false).");
    auto reason = protocol::required_string(request.params, "reason", 1, 500);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), session_id, hold = *hold, reason](storage::Connection& c,
                                                                         Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::legal_hold);
            auto now = services_.now();
            auto session = storage::find_session(c, session_id);
            if (!session) throw ProtocolError(ErrorCode::not_found, "Deze sessie bestaat niet.");
            if (session->erased_at) throw ProtocolError(ErrorCode::bad_request, "De inhoud van deze sessie is al gewist.");
            storage::set_legal_hold(c, session_id, hold, reason);
            // "hold_reason", not "reason": an erasure empties the reasons of a session's
            // entries (they may quote its text); why it was held must outlast that.
            audit_action(c, now, caller.id, hold ? "session.hold" : "session.release", AuditTarget{"session", session_id},
                         {session_id, "", {{"hold_reason", reason}}});
            session = storage::find_session(c, session_id);
            if (!hold) {
                if (auto at = storage::erase_after(*session)) {
                    notify_members(c, change, about_session(session_id, 0, "retention.resumed"), caller.id, now);
                    // This notice stands for the one 14 days ahead, when that is past.
                    if (*at <= now + EraserRunner::notice_lead_seconds) storage::mark_erasure_notice(c, session_id, now);
                }
            }
            return {{"session", listed_json(*storage::find_session(c, session_id))}};
        },
        std::move(finish));
}

void RetentionVerbs::list(const std::shared_ptr<Client>& client, const protocol::Request&, Finish finish) {
    auto checked_at = runner_.checked_at();
    run_read(
        services_.pool,
        [id = client->user_id(), checked_at, audit_days = services_.config.audit_retention_days](
            storage::Connection& c) -> nlohmann::json {
            require_caller(c, id, GlobalAction::legal_hold);
            auto sessions = nlohmann::json::array();
            for (const auto& session : storage::sessions_with_retention(c, max_listed))
                sessions.push_back(listed_json(session));
            return {{"sessions", sessions},
                    {"checked_at", checked_at < 0 ? nlohmann::json(nullptr) : protocol::time_json(checked_at)},
                    {"audit_retention_days", audit_days}};
        },
        std::move(finish));
}

}  // namespace kl::app
