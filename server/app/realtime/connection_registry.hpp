#pragma once
// Who is connected: the live WebSocket clients per user, each with the login (the hash
// of its cookie token) it was opened with, so that disabling a user (or a password
// reset) closes their connections at once, a logout closes those of that login, and
// shutdown closes them all.
//
// Thread-safety: all members lock; Client::close is called outside the lock.
#include "server/app/realtime/client.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace kl::app {

class ConnectionRegistry {
public:
    // login: the token hash of the login the connection was opened with.
    void add(const std::shared_ptr<Client>& client, std::string login);
    void remove(const Client* client);
    void close_user(std::int64_t user_id, CloseReason reason);
    // Closes the user's connections that were opened with that login (a logout).
    void close_login(std::int64_t user_id, const std::string& login, CloseReason reason);
    void close_all(CloseReason reason);
    // Queues frame on every live connection of the user (a notification of theirs).
    void send_to_user(std::int64_t user_id, const std::shared_ptr<const std::string>& frame);
    std::size_t count() const;

private:
    mutable std::mutex mutex_;
    struct Entry {
        std::weak_ptr<Client> client;
        std::string login;
    };
    // Closes the live clients of user_id for which matches(entry) holds.
    template <class Matches>
    void close_where(std::int64_t user_id, CloseReason reason, Matches matches);

    std::unordered_multimap<std::int64_t, Entry> clients_;
};

}  // namespace kl::app
