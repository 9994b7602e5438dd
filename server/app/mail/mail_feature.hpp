#pragma once
#include "server/app/wiring/features.hpp"

namespace kl::app {

// With --smtp: makes the Mailer (Services::mailer), starts its worker with the server
// and stops it at shutdown. Always registers mail.outbox.
void register_mail(Features& features);

}  // namespace kl::app
