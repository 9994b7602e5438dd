#include "server/app/access/posting_rules.hpp"

#include "protocol/errors.hpp"
#include "protocol/personal_data.hpp"
#include "protocol/time.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

std::string personal_data_marks(const std::string& body) {
    std::string joined;
    for (const auto& kind : protocol::find_personal_data(body)) joined += (joined.empty() ? "" : ",") + kind;
    return joined;
}

bool is_premoderated(const storage::Session& session, const std::string& role) {
    if (!session.premoderation) return false;
    return role == "expert" || (role == "participant" && session.premoderate_participants);
}

std::string initial_post_state(const storage::Session& session, const std::string& role, bool whisper) {
    return !whisper && is_premoderated(session, role) ? "pending" : "visible";
}

void check_may_post(const storage::Thread& thread, const storage::Member& member, std::int64_t now,
                    std::optional<std::int64_t> last_post_at) {
    if (member.muted_until && *member.muted_until > now)
        throw ProtocolError(ErrorCode::muted, "Je kunt tijdelijk niet schrijven in deze sessie.",
                            {{"muted_until", protocol::time_json(member.muted_until)}});
    if (member.role == "moderator") return;
    if (thread.status == "locked") throw ProtocolError(ErrorCode::locked, "Dit gesprek is gesloten.");
    if (thread.status == "resolved") throw ProtocolError(ErrorCode::locked, "Dit gesprek is afgerond.");
    if (thread.slow_mode_seconds > 0 && last_post_at && now - *last_post_at < thread.slow_mode_seconds) {
        auto wait = thread.slow_mode_seconds - (now - *last_post_at);
        throw ProtocolError(ErrorCode::rate_limited, "In dit gesprek geldt een rustig tempo; probeer het zo opnieuw.",
                            {{"retry_after", wait}});
    }
}

void check_may_change_own_post(const storage::Post& post, std::int64_t user_id, const storage::Session& session,
                               const std::string& role, OwnChange change) {
    if (post.author_id != user_id) throw ProtocolError(ErrorCode::forbidden, "Alleen de schrijver kan dit bericht wijzigen.");
    if (post.state != "visible" && post.state != "pending")
        throw ProtocolError(ErrorCode::forbidden, "Dit bericht kan niet meer worden gewijzigd.");
    if (change == OwnChange::edit && post.approved_once && is_premoderated(session, role))
        throw ProtocolError(ErrorCode::forbidden,
                            "Een goedgekeurd bericht kan in deze sessie niet meer worden gewijzigd; vraag de moderator.");
}

}  // namespace kl::app
