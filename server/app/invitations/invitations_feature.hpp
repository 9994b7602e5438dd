#pragma once
// Invitations: adds invite.* and session.end_guest_access, the HTTP routes of the invitation page, and ends guests' access when it runs out (once a second).
#include "server/app/wiring/features.hpp"

namespace kl::app {

void register_invitations(Features& features);

}  // namespace kl::app
