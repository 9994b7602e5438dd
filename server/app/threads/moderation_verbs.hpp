#pragma once
// The moderator's work on posts: mod.queue, mod.approve, mod.reject, mod.hide,
// mod.restore, mod.redact and mod.dismiss_flag. Every action is audited with actor,
// post, author and reason, and rewrites the post in its earlier events.
#include "protocol/envelope.hpp"
#include "server/app/access/moderation_rules.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"
#include "server/app/realtime/hub.hpp"

#include <memory>

namespace kl::storage {
struct Post;
}

namespace kl::app {

class ModerationVerbs {
public:
    ModerationVerbs(Services& services, Hub& hub);

    using Handler = void (ModerationVerbs::*)(const std::shared_ptr<Client>&, const protocol::Request&, Finish);
    void queue(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void approve(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void reject(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void hide(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void restore(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void redact(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void dismiss_flag(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

private:
    // rule: the shared moderation rule (access/moderation_rules.hpp); event_kind:
    // post.approved, …
    void act(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish,
             const ModerationRule& rule, const std::string& event_kind);

    Services& services_;
    Hub& hub_;
};

}  // namespace kl::app
