#pragma once
// Session notes over the WebSocket: notes.block.create/update/delete and
// notes.publish. Moderators keep the notes; a block is a draft that only moderators
// see until it is published. Updates name the version they change (conflict
// otherwise), as on the board.
#include "protocol/envelope.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"
#include "server/app/realtime/hub.hpp"

#include <memory>

namespace kl::app {

class NotesVerbs {
public:
    NotesVerbs(Services& services, Hub& hub);

    void block_create(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void block_update(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void block_delete(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void publish(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

    static constexpr int max_blocks = 500;
    static constexpr std::size_t max_text = 10000;
    static constexpr std::size_t max_owner = 200;

private:
    Services& services_;
    Hub& hub_;
};

}  // namespace kl::app
