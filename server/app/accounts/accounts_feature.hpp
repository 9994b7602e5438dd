#pragma once
// Accounts: the HTTP routes of setup, login, logout, the current user and activation,
// and the WebSocket verbs hello and user.*. Returns the Accounts part, which the
// network edge also uses to authenticate the WebSocket upgrade.
#include "server/app/accounts/accounts.hpp"
#include "server/app/accounts/setup_token.hpp"
#include "server/app/wiring/features.hpp"

namespace kl::app {

Accounts& register_accounts(Features& features, SetupToken& setup_token);

}  // namespace kl::app
