#pragma once
// Invitations: a moderator invites someone into one session in one role, for a limited
// time; the person opens the link, creates an account (or, logged in, just accepts)
// and joins. Also ends guests' access when it runs out. Email sending is left out on
// purpose: the invitation keeps the email, so a mail sender can later be called where
// invite.create answers with the link.
#include "protocol/envelope.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/rate_limiter.hpp"
#include "server/app/core/services.hpp"
#include "server/app/http/http_types.hpp"
#include "server/app/realtime/client.hpp"
#include "server/app/realtime/hub.hpp"

#include <nlohmann/json_fwd.hpp>

#include <memory>

namespace kl::app {

class Invitations {
public:
    // hashing_pool: where a newcomer's password is hashed (Argon2 only).
    Invitations(Services& services, Hub& hub, BlockingPool& hashing_pool);

    // WebSocket verbs (moderators).
    using Handler = void (Invitations::*)(const std::shared_ptr<Client>&, const protocol::Request&, Finish);
    void create(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void list(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void revoke(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void extend(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void end_guest_access(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

    // HTTP: GET /api/invitations/{token} and POST /api/invitations/{token}/accept.
    void info(const HttpRequest& request, const std::string& token, Respond respond);
    void accept(const HttpRequest& request, const std::string& token, const nlohmann::json& body, Respond respond);

    // Ends the access of every guest whose access_until has passed: their subscriptions
    // end, their connections close, the session hears member.removed. Called
    // periodically by the server.
    void end_expired_access();

private:
    Services& services_;
    Hub& hub_;
    BlockingPool& hashing_pool_;
    RateLimiter attempts_;  // accepting, per client address
};

}  // namespace kl::app
