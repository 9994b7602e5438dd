#pragma once
// A person's own notifications over the WebSocket (PROTOCOL.md 1.1): notifications.list
// {before?, limit?, unread_only?} across all their sessions, newest first, only those
// the gate lets them see now; notifications.read {ids} or {all: true}; and
// notifications.settings {email?} (how mail reaches them: direct, daily, weekly, off).
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"

#include "protocol/envelope.hpp"

#include <memory>

namespace kl::app {

class NotificationVerbs {
public:
    explicit NotificationVerbs(Services& services);

    void list(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void read(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void settings(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

private:
    Services& services_;
};

}  // namespace kl::app
