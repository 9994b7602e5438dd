#include "server/app/accounts/activation_mail.hpp"

#include "server/app/accounts/accounts.hpp"
#include "server/app/mail/mail_text.hpp"

namespace kl::app {

mail::MailToQueue activation_mail(const std::string& recipient, const std::string& display_name,
                                  const std::string& made_by, const std::string& link, bool renewed) {
    auto days = std::to_string(activation_lifetime_seconds / 86400);
    auto what = renewed ? made_by + " heeft een nieuwe link voor je Kennislab-account gemaakt. Je oude wachtwoord "
                                    "werkt niet meer; kies via de link hieronder een nieuw wachtwoord."
                        : made_by + " heeft een account voor je gemaakt bij Kennislab. Kies via de link hieronder een "
                                    "wachtwoord; daarna kun je inloggen.";
    auto body = mail::compose_mail(
        {"Beste " + display_name + ",", what,
         "De link werkt " + days + " dagen en één keer. Is hij verlopen, vraag dan de beheerder om een nieuwe."},
        "Wachtwoord kiezen", link,
        "Je krijgt dit bericht omdat er een Kennislab-account voor dit e-mailadres is gemaakt. Verwacht je het "
        "niet, dan kun je het negeren.");
    return {recipient, "activation", renewed ? "Nieuwe link voor je account bij Kennislab" : "Je account bij Kennislab",
            std::move(body.text), std::move(body.html)};
}

}  // namespace kl::app
