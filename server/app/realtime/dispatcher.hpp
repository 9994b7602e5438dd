#pragma once
// Routes each WebSocket request to its verb and sends exactly one answer. Verbs run
// on the writer (changes) or the blocking pool (reads); the answer to a change is
// sent after its commit.
#include "protocol/envelope.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/audit/audit_verbs.hpp"
#include "server/app/realtime/client.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/hub.hpp"
#include "server/app/invitations/invitations.hpp"
#include "server/app/board/board_verbs.hpp"
#include "server/app/threads/moderation_verbs.hpp"
#include "server/app/notes/notes_verbs.hpp"
#include "server/app/search/search_verbs.hpp"
#include "server/app/threads/post_verbs.hpp"
#include "server/app/realtime/request_rate.hpp"
#include "server/app/sessions/session_verbs.hpp"
#include "server/app/threads/thread_verbs.hpp"
#include "server/app/accounts/user_admin.hpp"

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

namespace kl::app {

class Dispatcher {
public:
    explicit Dispatcher(Services& services);

    // Handles one parsed request; the answer goes to client->send.
    void handle(const std::shared_ptr<Client>& client, const protocol::Request& request);
    // A connection closed: its subscriptions end and its rate limit is forgotten.
    void disconnected(const Client* client);
    // Invitations also answer HTTP (the invitation page).
    Invitations& invitations() { return invitations_; }

private:
    using Verb = std::function<void(const std::shared_ptr<Client>&, const protocol::Request&, Finish)>;

    Services& services_;
    RequestRateLimit rate_limit_;
    Hub hub_;
    UserAdmin user_admin_;
    SessionVerbs session_verbs_;
    ThreadVerbs thread_verbs_;
    PostVerbs post_verbs_;
    ModerationVerbs moderation_verbs_;
    BoardVerbs board_verbs_;
    NotesVerbs notes_verbs_;
    SearchVerbs search_verbs_;
    AuditVerbs audit_verbs_;
    Invitations invitations_;

    // The Verb that calls method on part.
    template <class Part>
    Verb bind(Part& part, void (Part::*method)(const std::shared_ptr<Client>&, const protocol::Request&, Finish)) {
        return [&part, method](const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
            (part.*method)(client, request, std::move(finish));
        };
    }
    std::unordered_map<std::string, Verb> verbs_;
};

}  // namespace kl::app
