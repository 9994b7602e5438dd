#pragma once
// Threads over the WebSocket: thread.create, thread.posts, thread.read, the
// moderator's thread controls (lock, unlock, pin, unpin, resolve, slow mode, retitle)
// and the ephemeral typing indicator.
#include "protocol/envelope.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"
#include "server/app/realtime/hub.hpp"
#include "storage/threads.hpp"

#include <functional>
#include <memory>
#include <string>

namespace kl::app {

class ThreadVerbs {
public:
    ThreadVerbs(Services& services, Hub& hub);

    using Handler = void (ThreadVerbs::*)(const std::shared_ptr<Client>&, const protocol::Request&, Finish);
    void create(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void posts(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void read(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void lock(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void unlock(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void pin(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void unpin(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void resolve(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void slow_mode(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    // thread.retitle {thread, title, reason}: a new title, the old one erased for good.
    void retitle(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void typing(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

private:
    // One moderator control: applies set to the thread, records event kind, audits action.
    void control(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish,
                 const std::string& action, std::function<void(storage::Thread&)> set);

    Services& services_;
    Hub& hub_;
};

}  // namespace kl::app
