#include "server/app/invitations/invitation_mail.hpp"

#include "server/app/mail/mail_text.hpp"

namespace kl::app {

namespace {

std::string role_label(const std::string& role) {
    if (role == "expert") return "deskundige";
    if (role == "observer") return "toehoorder";
    return "deelnemer";
}

std::string validity(std::int64_t hours) {
    if (hours % 24 == 0) return hours == 24 ? "één dag" : std::to_string(hours / 24) + " dagen";
    return hours == 1 ? "één uur" : std::to_string(hours) + " uur";
}

}  // namespace

mail::MailToQueue invitation_mail(const std::string& recipient, const std::string& inviter,
                                  const std::string& session_title, const std::string& role,
                                  std::int64_t valid_hours, bool has_note, const std::string& link) {
    std::vector<std::string> paragraphs = {
        "Goedendag,",
        inviter + " nodigt je uit voor de Kennislab-sessie “" + session_title + "” als " + role_label(role) + "."};
    if (has_note) paragraphs.push_back("Bij de uitnodiging staat een persoonlijk bericht; je leest het na het openen van de link.");
    paragraphs.push_back("Open de link hieronder om de uitnodiging aan te nemen. De link werkt " + validity(valid_hours) +
                         " en één keer.");
    auto body = mail::compose_mail(
        paragraphs,
        "Uitnodiging bekijken", link,
        "Je krijgt dit bericht omdat een moderator van Kennislab je voor deze sessie uitnodigde. Verwacht je het "
        "niet, dan kun je het negeren.");
    return {recipient, "invitation", "Uitnodiging voor “" + session_title + "” in Kennislab", std::move(body.text),
            std::move(body.html)};
}

}  // namespace kl::app
