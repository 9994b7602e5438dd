#include "server/app/access/permissions.hpp"

namespace kl::app {

bool may(const storage::User& user, GlobalAction action) {
    if (user.disabled) return false;
    const bool admin = user.global_role == "admin";
    const bool staff = user.global_role == "staff";
    switch (action) {
        case GlobalAction::hello:
            return true;
        case GlobalAction::user_create:
        case GlobalAction::user_reset:
        case GlobalAction::user_disable:
        case GlobalAction::audit_all:
        case GlobalAction::second_factor_policy:
        case GlobalAction::reset_second_factor:
        case GlobalAction::mail_outbox:
        case GlobalAction::legal_hold:
        case GlobalAction::user_export:
        case GlobalAction::user_erase:
            return admin;
        case GlobalAction::user_find:
        case GlobalAction::session_create:
            // Moderators of a session may also look users up; that check needs the
            // membership and is added where sessions live.
            return admin || staff;
    }
    return false;
}

}  // namespace kl::app
