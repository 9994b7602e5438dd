#pragma once
// The administrator's side of retention: `session.hold {session, hold, reason}` places
// or lifts a legal hold (audited; lifting tells the moderators, and the erasure, when
// due, follows in the eraser's next pass, not at once), and `retention.list` lists the
// archived sessions with a term: their erase dates, holds, and when the eraser last
// completed a pass. Both `admin` only (GlobalAction::legal_hold).
#include "protocol/envelope.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"
#include "server/app/realtime/hub.hpp"
#include "server/app/retention/eraser_runner.hpp"

#include <memory>

namespace kl::app {

class RetentionVerbs {
public:
    RetentionVerbs(Services& services, Hub& hub, const EraserRunner& runner)
        : services_(services), hub_(hub), runner_(runner) {}

    void hold(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void list(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

    // The list is bounded; more sessions with a term than this are not a kennislab's scale.
    static constexpr int max_listed = 1000;

private:
    Services& services_;
    Hub& hub_;
    const EraserRunner& runner_;
};

}  // namespace kl::app
