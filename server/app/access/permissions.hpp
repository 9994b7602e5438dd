#pragma once
// Who may do what, decided from plain values (no sockets, no storage), so that the
// permission matrix is testable as a table.
#include "storage/users.hpp"

#include <string_view>

namespace kl::app {

// Global verbs: the ones that do not belong to a session.
enum class GlobalAction {
    hello,
    user_create,
    user_reset,
    user_disable,
    user_find,
    session_create,
    audit_all,  // audit.list without a session, or of a session one does not moderate
    second_factor_policy,      // mfa.policy.get, mfa.policy.set
    reset_second_factor,       // user.reset_second_factor
    mail_outbox,               // mail.outbox
    legal_hold,                // session.hold, retention.list
    user_export,               // GET /api/users/{id}/export (one's own: anyone)
    user_erase,                // user.erase
};

// True when the (fresh from storage) user may perform action. Disabled users may do nothing.
bool may(const storage::User& user, GlobalAction action);

}  // namespace kl::app
