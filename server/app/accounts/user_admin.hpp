#pragma once
// Account administration over the WebSocket: user.create, user.reset, user.disable
// (admin) and user.find (admin, staff). Each checks the caller's role inside the same
// transaction that makes the change, and writes an audit entry.
#include "server/app/access/second_factor_gate.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"

#include <nlohmann/json_fwd.hpp>

namespace kl::app {

class UserAdmin {
public:
    UserAdmin(Services& services, SecondFactorGate& gate);

    void create(std::int64_t caller_id, const nlohmann::json& params, Finish finish);
    void reset(std::int64_t caller_id, const nlohmann::json& params, Finish finish);
    void disable(std::int64_t caller_id, const nlohmann::json& params, Finish finish);
    void find(std::int64_t caller_id, const nlohmann::json& params, Finish finish);

private:
    Services& services_;
    SecondFactorGate& gate_;  // told the global role of a new account
};

}  // namespace kl::app
