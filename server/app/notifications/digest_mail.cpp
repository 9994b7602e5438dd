#include "server/app/notifications/digest_mail.hpp"

#include "server/app/access/notification_access.hpp"
#include "server/app/mail/mail_text.hpp"
#include "server/app/mail/mailer.hpp"
#include "server/app/mail/outbox.hpp"
#include "server/app/notifications/digest_schedule.hpp"
#include "server/app/notifications/notification_mail.hpp"
#include "storage/connection.hpp"
#include "storage/users.hpp"

#include <map>
#include <string>
#include <vector>

namespace kl::app {

namespace {

// What one session contributes to a digest: counts per kind, in the order first seen.
struct SessionLines {
    std::string title;
    std::vector<std::pair<std::string, int>> kinds;

    void count(const std::string& kind) {
        for (auto& [k, n] : kinds)
            if (k == kind) {
                ++n;
                return;
            }
        kinds.emplace_back(kind, 1);
    }
    std::string text() const {
        std::string out = "“" + title + "”: ";
        for (std::size_t i = 0; i < kinds.size(); ++i)
            out += (i ? ", " : "") + notification_count_phrase(kinds[i].first, kinds[i].second);
        return out;
    }
};

// Queues one user's digest when it is due and has something to tell. True when queued.
bool make_digest(Services& services, storage::Connection& connection, const storage::DigestSubscriber& subscriber,
                 std::int64_t now) {
    auto user = storage::find_user(connection, subscriber.user_id);
    if (!user || user->disabled) {
        storage::mark_digest_made(connection, subscriber.user_id, now);
        return false;
    }
    std::map<std::int64_t, SessionLines> sessions;  // by session id: a stable order
    std::vector<std::int64_t> named;
    for (const auto& n :
         storage::notifications_to_mail(connection, user->id, storage::max_notifications_per_user)) {
        auto subject = visible_subject(connection, n, now);
        if (!subject) continue;  // not visible now: not in this digest (it may be in a later one)
        auto& lines = sessions[n.session_id];
        lines.title = subject->session.title;
        lines.count(n.kind);
        named.push_back(n.id);
    }
    storage::mark_digest_made(connection, user->id, now);
    if (named.empty()) return false;

    bool weekly = subscriber.email_choice == "weekly";
    std::vector<mail::MailItem> items;
    for (const auto& [session_id, lines] : sessions)
        items.push_back({lines.text(), services.origin + "/sessions/" + std::to_string(session_id)});
    auto count = std::to_string(named.size()) + (named.size() == 1 ? " melding" : " meldingen");
    auto body = mail::compose_list_mail(
        {"Beste " + user->display_name + ",",
         std::string("Dit is er sinds je vorige ") + (weekly ? "weekoverzicht" : "dagoverzicht") +
             " voor je gebeurd in Kennislab:"},
        items,
        std::string("Wat er staat, lees je in Kennislab na het inloggen: deze mail bevat zelf niets uit de "
                    "sessies. Je krijgt dit overzicht ") +
            (weekly ? "elke maandag" : "elke ochtend") + " omdat je dat gekozen hebt; wijzigen kan op " +
            services.origin + mail::settings_path + ".");
    auto queued = mail::queue_mail(services, connection,
                                   {user->email, "digest",
                                    std::string(weekly ? "Je weekoverzicht" : "Je dagoverzicht") +
                                        " van Kennislab: " + count,
                                    std::move(body.text), std::move(body.html)});
    if (queued != mail::Queued::queued) return false;  // refused: they stay for the next digest
    storage::mark_notifications_mailed(connection, user->id, named, now);
    return true;
}

}  // namespace

DigestPass make_due_digests(Services& services, storage::Connection& connection, std::int64_t now,
                            std::int64_t after_user_id, int max_users, std::int64_t& next_after_user_id) {
    DigestPass pass;
    auto subscribers = storage::digest_subscribers(connection, after_user_id, max_users);
    for (const auto& subscriber : subscribers) {
        next_after_user_id = subscriber.user_id;
        ++pass.users_checked;
        auto frequency = digest_frequency(subscriber.email_choice);
        if (!frequency || !digest_due(*frequency, subscriber.since, now)) continue;
        if (make_digest(services, connection, subscriber, now)) ++pass.mails_queued;
    }
    pass.more = static_cast<int>(subscribers.size()) == max_users;
    return pass;
}

}  // namespace kl::app
