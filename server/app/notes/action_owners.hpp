#pragma once
// Who an action item's owner is, as a person to notify (action.assigned). The owner
// is plain text (a person, team or organisation, PROTOCOL.md "Session notes"), so it
// names a member only when it is exactly one member's display name (ignoring case and
// the spaces around it); a team, an organisation, or a name two members share names
// nobody, and nobody is notified.
#include "storage/notes.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace kl::storage {
class Connection;
}

namespace kl::app {

class ActionOwners {
public:
    // Reads the session's members once (bounded by the session's members).
    ActionOwners(storage::Connection& connection, std::int64_t session_id);

    // The member an action block is assigned to; nullopt for none (not an action, no
    // owner, not one member's name).
    std::optional<std::int64_t> member_of(const storage::NoteBlock& block) const;

private:
    std::map<std::string, std::optional<std::int64_t>> by_name_;  // nullopt: shared by two or more
};

}  // namespace kl::app
