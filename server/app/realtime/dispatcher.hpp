#pragma once
// Routes each WebSocket request to its verb and sends exactly one answer. Verbs run
// on the writer (changes) or the blocking pool (reads); the answer to a change is
// sent after its commit. While the policy requires a second factor of a user who has
// none, every verb but the few that set one up answers second_factor_required
// (access/second_factor_gate.hpp), here, for every feature at once. Which verbs exist is the VerbTable's business: the
// dispatcher knows no feature by name.
#include "protocol/envelope.hpp"
#include "server/app/access/second_factor_gate.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"
#include "server/app/realtime/hub.hpp"
#include "server/app/realtime/answer_volume.hpp"
#include "server/app/realtime/request_rate.hpp"
#include "server/app/realtime/verb_table.hpp"

#include <memory>

namespace kl::app {

class Dispatcher {
public:
    Dispatcher(Services& services, Hub& hub, const VerbTable& verbs, const SecondFactorGate& gate);

    // Handles one parsed request; the answer goes to client->send.
    void handle(const std::shared_ptr<Client>& client, const protocol::Request& request);
    // A connection closed: its subscriptions end and its rate limits are forgotten.
    void disconnected(const Client* client);

private:
    Hub& hub_;
    const VerbTable& verbs_;
    const SecondFactorGate& gate_;
    RequestRateLimit rate_limit_;
    // What a connection may be refused (rate_limited) before it is closed: a client
    // that waits the retry_after it is told is refused a few times at most; one that
    // asks again at once, thousands of times a second, costs the server a parse and an
    // answer each time and is dropped instead (1008). Refusals are counted with the
    // same token bucket as requests: refused_burst at once, refused_per_second after.
    RequestRateLimit refusals_;
    // Shared with the answers in flight, which charge it when they are sent.
    std::shared_ptr<AnswerVolume> answer_volume_;
};

}  // namespace kl::app
