#pragma once
// Who is connected: the live WebSocket clients per user, so that disabling a user (or
// a password reset) closes their connections at once, and shutdown closes them all.
//
// Thread-safety: all members lock; Client::close is called outside the lock.
#include "server/app/client.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace kl::app {

class ConnectionRegistry {
public:
    void add(const std::shared_ptr<Client>& client);
    void remove(const Client* client);
    void close_user(std::int64_t user_id, CloseReason reason);
    void close_all(CloseReason reason);
    std::size_t count() const;

private:
    mutable std::mutex mutex_;
    std::unordered_multimap<std::int64_t, std::weak_ptr<Client>> clients_;
};

}  // namespace kl::app
