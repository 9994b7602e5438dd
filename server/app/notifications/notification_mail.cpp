#include "server/app/notifications/notification_mail.hpp"

#include "server/app/mail/mail_text.hpp"
#include "server/app/mail/mailer.hpp"
#include "server/app/mail/outbox.hpp"
#include "storage/connection.hpp"
#include "storage/users.hpp"

namespace kl::app {

namespace {

std::string plural(int count, const std::string& one, const std::string& many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

}  // namespace

std::string notification_phrase(const std::string& kind) {
    if (kind == "mention") return "Je bent genoemd";
    if (kind == "reply") return "Er is gereageerd op je bericht";
    if (kind == "post.approved") return "Je bericht is goedgekeurd";
    if (kind == "post.rejected") return "Je bericht is niet geplaatst";
    if (kind == "note.published") return "Er zijn notities gepubliceerd";
    if (kind == "action.assigned") return "Je hebt een actiepunt gekregen";
    if (kind == "invite.accepted") return "Je uitnodiging is aangenomen";
    if (kind == "queue.waiting") return "Er wacht iets op moderatie";
    if (kind == "retention.notice") return "De inhoud van een sessie wordt binnenkort gewist";
    if (kind == "retention.resumed") return "De bewaarplicht van een sessie is opgeheven";
    return "Er is iets nieuws voor je";
}

std::string notification_count_phrase(const std::string& kind, int count) {
    if (kind == "mention") return std::to_string(count) + "× genoemd";
    if (kind == "reply") return plural(count, "reactie op je berichten", "reacties op je berichten");
    if (kind == "post.approved") return plural(count, "bericht goedgekeurd", "berichten goedgekeurd");
    if (kind == "post.rejected") return plural(count, "bericht niet geplaatst", "berichten niet geplaatst");
    if (kind == "note.published") return count == 1 ? "notities gepubliceerd" : std::to_string(count) + "× notities gepubliceerd";
    if (kind == "action.assigned") return plural(count, "actiepunt voor jou", "actiepunten voor jou");
    if (kind == "invite.accepted") return plural(count, "uitnodiging aangenomen", "uitnodigingen aangenomen");
    if (kind == "queue.waiting") return "er wacht iets op moderatie";
    if (kind == "retention.notice") return plural(count, "sessie wordt binnenkort gewist", "sessies worden binnenkort gewist");
    if (kind == "retention.resumed") return plural(count, "bewaarplicht opgeheven", "bewaarplichten opgeheven");
    return plural(count, "andere melding", "andere meldingen");
}

std::string notification_path(const storage::Notification& notification) {
    std::string query;
    auto add = [&query](const std::string& name, const std::string& value) {
        query += (query.empty() ? "?" : "&") + name + (value.empty() ? "" : "=" + value);
    };
    if (notification.thread_id) add("gesprek", std::to_string(*notification.thread_id));
    if (notification.post_id) add("bericht", std::to_string(*notification.post_id));
    if (notification.block_id) add("aantekening", std::to_string(*notification.block_id));
    if (notification.kind == "queue.waiting") add("moderatie", "");
    return "/sessions/" + std::to_string(notification.session_id) + query;
}

void mail_notification_if_direct(Services& services, storage::Connection& connection,
                                 const storage::Notification& notification, const NotificationSubject& subject) {
    if (!services.mailer) return;
    if (storage::notification_email(connection, notification.user_id) != "direct") return;
    auto user = storage::find_user(connection, notification.user_id);
    if (!user || user->disabled) return;
    auto phrase = notification_phrase(notification.kind);
    const auto& session = subject.session.title;
    auto body = mail::compose_mail(
        {"Beste " + user->display_name + ",", phrase + " in de sessie “" + session + "”.",
         "Wat er staat, lees je in Kennislab na het inloggen: deze mail bevat zelf niets uit de sessie."},
        "Bekijken in Kennislab", services.origin + notification_path(notification),
        "Je krijgt deze mail omdat je bij elke melding een mail wilt. Kies op " + services.origin +
            mail::settings_path + " een dagelijks of wekelijks overzicht, of geen mail.");
    auto queued = mail::queue_mail(services, connection,
                                   {user->email, "notification", phrase + " in “" + session + "”",
                                    std::move(body.text), std::move(body.html)});
    if (queued == mail::Queued::queued)
        storage::mark_notifications_mailed(connection, notification.user_id, {notification.id}, services.now());
}

}  // namespace kl::app
