#pragma once
// The user behind a request, loaded fresh from storage for every request, so that a
// role change or a disabled account takes effect at once.
#include "server/app/access/permissions.hpp"
#include "storage/users.hpp"

namespace kl::storage {
class Connection;
}

namespace kl::app {

// Returns the caller if they may perform action. Throws ProtocolError: unauthenticated
// when the account is gone or disabled, forbidden when the role does not allow it.
storage::User require_caller(storage::Connection& connection, std::int64_t user_id, GlobalAction action);

}  // namespace kl::app
