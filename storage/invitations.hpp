#pragma once
// Invitations that bring a person without an account (or a member of another
// session) into one session in one role. Times are Unix seconds.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kl::storage {

class Connection;

struct Invitation {
    std::int64_t id = 0;
    std::int64_t session_id = 0;
    std::string role;                          // participant, expert, observer
    std::optional<std::string> email;          // for the invitee's form (and a future mail sender)
    std::optional<std::string> display_name;
    std::string note;
    std::string token_hash;
    std::string history = "full";              // full, from_join
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
    std::optional<std::int64_t> access_until;
    std::int64_t invited_by = 0;
    std::optional<std::int64_t> revoked_at;
    std::optional<std::int64_t> used_by;
    std::optional<std::int64_t> used_at;

    // open, used, expired or revoked at now.
    std::string status(std::int64_t now) const;
};

Invitation create_invitation(Connection& connection, const Invitation& invitation);
std::optional<Invitation> find_invitation(Connection& connection, std::int64_t id);
std::optional<Invitation> find_invitation_by_token(Connection& connection, const std::string& token_hash);
// Newest first.
std::vector<Invitation> list_invitations(Connection& connection, std::int64_t session_id);
// Writes revoked_at, used_by, used_at and access_until.
void update_invitation(Connection& connection, const Invitation& invitation);

// Guests whose access_until has passed at now and whose end the server has not yet
// handled (see mark_access_ended).
struct EndedAccess {
    std::int64_t session_id = 0;
    std::int64_t user_id = 0;
};
std::vector<EndedAccess> accesses_ended(Connection& connection, std::int64_t now);
void mark_access_ended(Connection& connection, std::int64_t session_id, std::int64_t user_id);
// Sets a member's access end (nullopt: none) and clears the handled mark.
void set_member_access(Connection& connection, std::int64_t session_id, std::int64_t user_id,
                       std::optional<std::int64_t> access_until);

}  // namespace kl::storage
