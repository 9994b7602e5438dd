#pragma once
// The knowledge board over the WebSocket: board.card.create/update/delete and
// board.column.create/update/delete. Updates name the version they change; a stale
// one is answered with conflict and the current object, so nobody overwrites another
// person's change without seeing it.
#include "protocol/envelope.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"
#include "server/app/realtime/hub.hpp"

#include <memory>

namespace kl::app {

class BoardVerbs {
public:
    BoardVerbs(Services& services, Hub& hub);

    using Handler = void (BoardVerbs::*)(const std::shared_ptr<Client>&, const protocol::Request&, Finish);
    void card_create(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void card_update(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void card_delete(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void column_create(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void column_update(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void column_delete(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

    static constexpr int max_columns = 20;

private:
    Services& services_;
    Hub& hub_;
};

// The columns every new session starts with.
void add_default_columns(storage::Connection& connection, std::int64_t session_id);

}  // namespace kl::app
