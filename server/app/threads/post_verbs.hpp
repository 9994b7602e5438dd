#pragma once
// Posts over the WebSocket: post.create (idempotent by client_msg_id), post.edit,
// post.delete, post.flag and post.history.
#include "protocol/envelope.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"
#include "server/app/realtime/hub.hpp"

#include <memory>

namespace kl::app {

class PostVerbs {
public:
    PostVerbs(Services& services, Hub& hub);

    using Handler = void (PostVerbs::*)(const std::shared_ptr<Client>&, const protocol::Request&, Finish);
    void create(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void edit(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void remove(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void flag(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void history(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

private:
    Services& services_;
    Hub& hub_;
};

}  // namespace kl::app
