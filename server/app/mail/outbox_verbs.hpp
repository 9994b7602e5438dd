#pragma once
// `mail.outbox` (admin): the most recent mails, newest first, one page at a time, with
// status, attempts and times, never their bodies. Runs on the read pool.
#include "protocol/envelope.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"

#include <memory>

namespace kl::app::mail {

class OutboxVerbs {
public:
    explicit OutboxVerbs(Services& services) : services_(services) {}

    void list(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

    static constexpr int max_limit = 100;
    static constexpr int default_limit = 50;

private:
    Services& services_;
};

}  // namespace kl::app::mail
