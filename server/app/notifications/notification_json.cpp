#include "server/app/notifications/notification_json.hpp"

#include "protocol/time.hpp"
#include "storage/connection.hpp"
#include "storage/retention.hpp"

namespace kl::app {

namespace {

// " (bewaard tot 2030-01-15)" when the session has an erase date still to come, else nothing.
std::string erase_date(const NotificationSubject& subject) {
    auto at = storage::erase_after(subject.session);
    if (!at || subject.session.erased_at) return "";
    return " (bewaard tot " + protocol::format_unix_time(*at).substr(0, 10) + ")";
}

// Names the thread (its current title, which the viewer may see) or the session; never
// post, card or note text.
std::string title_of(const storage::Notification& n, const NotificationSubject& subject) {
    auto session = "“" + subject.session.title + "”";
    auto in_thread = subject.thread ? " in “" + subject.thread->title + "”" : " in " + session;
    if (n.kind == "mention") return "Je bent genoemd" + in_thread;
    if (n.kind == "reply") return "Nieuwe reactie op je bericht" + in_thread;
    if (n.kind == "post.approved") return "Je bericht" + in_thread + " is goedgekeurd";
    if (n.kind == "post.rejected") return "Je bericht" + in_thread + " is afgewezen";
    if (n.kind == "note.published") return "Nieuwe aantekeningen in het verslag van " + session;
    if (n.kind == "action.assigned") return "Er staat een actiepunt op je naam in " + session;
    if (n.kind == "invite.accepted") return "Je uitnodiging voor " + session + " is aangenomen";
    if (n.kind == "queue.waiting") return "Er wacht iets op moderatie in " + session;
    if (n.kind == "retention.notice") return "De inhoud van " + session + " wordt binnenkort gewist" + erase_date(subject);
    if (n.kind == "retention.resumed")
        return "De bewaarplicht van " + session + " is opgeheven; de inhoud wordt gewist" + erase_date(subject);
    return "Nieuw in " + session;
}

nlohmann::json id_or_null(const std::optional<std::int64_t>& id) {
    return id ? nlohmann::json(std::to_string(*id)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json notification_json(const storage::Notification& notification, const NotificationSubject& subject) {
    nlohmann::json out = {{"id", std::to_string(notification.id)},
                          {"kind", notification.kind},
                          {"session", std::to_string(notification.session_id)},
                          {"at", protocol::time_json(notification.at)},
                          {"read", notification.read},
                          {"title", title_of(notification, subject)}};
    if (notification.thread_id) out["thread"] = id_or_null(notification.thread_id);
    if (notification.post_id) out["post"] = id_or_null(notification.post_id);
    if (notification.block_id) out["block"] = id_or_null(notification.block_id);
    return out;
}

int visible_unread_count(storage::Connection& connection, std::int64_t user_id, std::int64_t now) {
    int count = 0;
    for (const auto& n :
         storage::notifications_of(connection, user_id, std::nullopt, storage::max_notifications_per_user, true))
        if (visible_subject(connection, n, now)) ++count;
    return count;
}

}  // namespace kl::app
