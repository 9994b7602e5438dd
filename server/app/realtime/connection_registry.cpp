#include "server/app/realtime/connection_registry.hpp"

namespace kl::app {

void ConnectionRegistry::add(const std::shared_ptr<Client>& client, std::string login) {
    std::lock_guard lock(mutex_);
    clients_.emplace(client->user_id(), Entry{client, std::move(login)});
}

void ConnectionRegistry::remove(const Client* client) {
    std::lock_guard lock(mutex_);
    auto [first, last] = clients_.equal_range(client->user_id());
    // Called from the client's destructor: its own entry has expired. Locking entries
    // here could drop another client's last reference inside the mutex, so don't.
    for (auto it = first; it != last; ++it) {
        if (it->second.client.expired()) {
            clients_.erase(it);
            return;
        }
    }
}

template <class Matches>
void ConnectionRegistry::close_where(std::int64_t user_id, CloseReason reason, Matches matches) {
    std::vector<std::shared_ptr<Client>> targets;
    {
        std::lock_guard lock(mutex_);
        auto [first, last] = clients_.equal_range(user_id);
        for (auto it = first; it != last; ++it)
            if (matches(it->second))
                if (auto live = it->second.client.lock()) targets.push_back(std::move(live));
    }
    // Outside the lock: closing may drop a last reference, whose destructor calls remove.
    for (auto& client : targets) client->close(reason);
}

void ConnectionRegistry::close_user(std::int64_t user_id, CloseReason reason) {
    close_where(user_id, reason, [](const Entry&) { return true; });
}

void ConnectionRegistry::close_login(std::int64_t user_id, const std::string& login, CloseReason reason) {
    close_where(user_id, reason, [&login](const Entry& entry) { return entry.login == login; });
}

void ConnectionRegistry::send_to_user(std::int64_t user_id, const std::shared_ptr<const std::string>& frame) {
    std::vector<std::shared_ptr<Client>> targets;
    {
        std::lock_guard lock(mutex_);
        auto [first, last] = clients_.equal_range(user_id);
        for (auto it = first; it != last; ++it)
            if (auto live = it->second.client.lock()) targets.push_back(std::move(live));
    }
    for (auto& client : targets) client->send(frame);
}

void ConnectionRegistry::close_all(CloseReason reason) {
    std::vector<std::shared_ptr<Client>> targets;
    {
        std::lock_guard lock(mutex_);
        for (auto& [user, entry] : clients_)
            if (auto live = entry.client.lock()) targets.push_back(std::move(live));
    }
    for (auto& client : targets) client->close(reason);
}

std::size_t ConnectionRegistry::count() const {
    std::lock_guard lock(mutex_);
    return clients_.size();
}

}  // namespace kl::app
