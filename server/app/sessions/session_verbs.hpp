#pragma once
// Sessions and membership over the WebSocket: session.*, member.*. Every change is
// checked, applied and logged as an event in one transaction; after the commit the
// caller gets the answer and the hub fans the events out.
#include "protocol/envelope.hpp"
#include "server/app/access/second_factor_gate.hpp"
#include "server/app/board/board_cache.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/core/session_change.hpp"
#include "server/app/realtime/client.hpp"
#include "server/app/realtime/hub.hpp"

#include <memory>
#include <vector>

namespace kl::app {

class SessionVerbs {
public:
    SessionVerbs(Services& services, Hub& hub, SecondFactorGate& gate);

    using Handler = void (SessionVerbs::*)(const std::shared_ptr<Client>&, const protocol::Request&, Finish);
    void list(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void create(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void update(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void archive(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void state(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void subscribe(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void unsubscribe(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void member_add(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void member_remove(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void member_set_role(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void member_mute(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

    // How far back a subscription may replay: 10,000 events and 32 MiB of them (a
    // replay is queued on the connection whole). Further behind needs session.state.
    static constexpr storage::ReplayBudget replay_budget{10000, 32 * 1024 * 1024};

    BoardCache& boards() { return boards_; }

private:
    void change(ChangeWork work, Finish finish);

    Services& services_;
    Hub& hub_;
    SecondFactorGate& gate_;  // told when a member becomes or stops being a moderator
    BoardCache boards_;       // session.state's board, serialised once per version and audience
};

}  // namespace kl::app
