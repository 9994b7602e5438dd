#pragma once
// mod.approve, mod.reject, mod.hide and mod.restore with `document` in place of `post`
// (the verb table hands such requests here, realtime/verb_table.hpp widen): the same
// role (SessionAction::moderate), reasons and state rules as for posts
// (access/moderation_rules.hpp), audited as "mod.<action>" on the document.
//
// A document has no state "rejected": a rejected upload is kept hidden (moderation
// action "reject"), seen by the moderators only, who may still restore or redact it.
// Events: document.approved and, for a restored one, document.added (every member);
// document.removed for a hidden or rejected one (those who saw it before).
#include "protocol/envelope.hpp"
#include "server/app/access/moderation_rules.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"
#include "server/app/realtime/hub.hpp"

#include <memory>

namespace kl::app {

class DocumentModeration {
public:
    DocumentModeration(Services& services, Hub& hub);

    void approve(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void reject(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void hide(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void restore(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

private:
    void act(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish,
             const ModerationRule& rule);

    Services& services_;
    Hub& hub_;
};

}  // namespace kl::app
