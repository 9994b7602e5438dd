#pragma once
// `audit.list`: the audit log read back, newest first, one page at a time. Admins
// read all of it (or one session's part); a session's moderators read that session's
// part only. Runs on the blocking pool.
#include "protocol/envelope.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"

#include <memory>

namespace kl::app {

class AuditVerbs {
public:
    explicit AuditVerbs(Services& services);

    void list(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

    static constexpr int max_limit = 200;
    static constexpr int default_limit = 50;

private:
    Services& services_;
};

}  // namespace kl::app
