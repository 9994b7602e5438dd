#pragma once
// The mail that brings an invitation's link (invite.create with an email and --smtp).
#include "server/app/mail/outbox.hpp"

#include <cstdint>
#include <string>

namespace kl::app {

// Dutch, calm: who invites, to which session, in which role, how long the link works.
// Never the invitation's note (it is on the invitation page behind the link; the mail
// only says there is one) or anything said in the session.
mail::MailToQueue invitation_mail(const std::string& recipient, const std::string& inviter,
                                  const std::string& session_title, const std::string& role,
                                  std::int64_t valid_hours, bool has_note, const std::string& link);

}  // namespace kl::app
