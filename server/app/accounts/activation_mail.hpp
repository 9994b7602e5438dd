#pragma once
// The mail that brings an activation link (user.create, and user.reset's new link, with --smtp).
#include "server/app/mail/outbox.hpp"

#include <string>

namespace kl::app {

// Dutch, calm: who made the account, what to do, how long the link works.
// renewed: user.reset's new link (the old password stopped working) rather than a new account.
mail::MailToQueue activation_mail(const std::string& recipient, const std::string& display_name,
                                  const std::string& made_by, const std::string& link, bool renewed = false);

}  // namespace kl::app
