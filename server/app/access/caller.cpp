#include "server/app/access/caller.hpp"

#include "protocol/errors.hpp"

namespace kl::app {

storage::User require_caller(storage::Connection& connection, std::int64_t user_id, GlobalAction action) {
    auto user = storage::find_user(connection, user_id);
    if (!user || user->disabled)
        throw protocol::ProtocolError(protocol::ErrorCode::unauthenticated, "Je account is niet (meer) actief.");
    if (!may(*user, action))
        throw protocol::ProtocolError(protocol::ErrorCode::forbidden, "Dit mag je niet doen met jouw rol.");
    return *user;
}

}  // namespace kl::app
