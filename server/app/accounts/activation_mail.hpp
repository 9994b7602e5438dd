#pragma once
// The mail that brings a new account's activation link (user.create with --smtp).
#include "server/app/mail/outbox.hpp"

#include <string>

namespace kl::app {

// Dutch, calm: who made the account, what to do, how long the link works.
mail::MailToQueue activation_mail(const std::string& recipient, const std::string& display_name,
                                  const std::string& made_by, const std::string& link);

}  // namespace kl::app
