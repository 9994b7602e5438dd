#include "server/app/realtime/hub.hpp"

#include "protocol/envelope.hpp"
#include "protocol/json_parse.hpp"

#include <cassert>
#include <utility>

namespace kl::app {

namespace {

// The event as this viewer gets it: moderators get the moderator form when there is one.
bool moderator_form(const Viewer& viewer, const storage::StoredEvent& event) {
    return viewer.reader.sees_as_moderator() && event.moderator_body;
}
const std::string& body_for(const Viewer& viewer, const storage::StoredEvent& event) {
    return moderator_form(viewer, event) ? *event.moderator_body : event.body;
}

std::shared_ptr<const std::string> frame_of(const storage::StoredEvent& event, const std::string& body) {
    return std::make_shared<const std::string>(
        protocol::event_frame(std::to_string(event.session_id), event.seq, body));
}

}  // namespace

MembershipEpoch Hub::membership_epoch(std::int64_t session_id, std::int64_t user_id) const {
    std::lock_guard lock(mutex_);
    auto found = epochs_.find({session_id, user_id});
    return found == epochs_.end() ? 0 : found->second;
}

void Hub::bump_epoch(std::int64_t session_id, std::int64_t user_id) { ++epochs_[{session_id, user_id}]; }

SubscribeStart Hub::begin_subscribe(std::int64_t session_id, const std::shared_ptr<Client>& client, Viewer viewer,
                                    std::int64_t after_seq, MembershipEpoch epoch) {
    std::lock_guard lock(mutex_);
    auto known = epochs_.find({session_id, viewer.user_id()});
    if ((known == epochs_.end() ? 0 : known->second) != epoch) return SubscribeStart::membership_changed;
    auto& subscriptions = sessions_[session_id];
    if (auto earlier = subscriptions.find(client.get()); earlier != subscriptions.end() && earlier->second.replaying)
        return SubscribeStart::still_replaying;
    auto& subscription = subscriptions[client.get()];
    // A subscription that replaces one of the same connection keeps its place in
    // presence: for everyone else nothing changed.
    assert(!subscription.counted_online || subscription.viewer.user_id() == viewer.user_id());
    bool counted_online = subscription.counted_online;
    subscription = Subscription{};
    subscription.counted_online = counted_online;
    subscription.client = client;
    subscription.viewer = std::move(viewer);
    subscription.last_seq = after_seq;
    return SubscribeStart::registered;
}

bool Hub::finish_subscribe(std::int64_t session_id, const Client* client, const std::string& answer,
                           const std::vector<storage::StoredEvent>& replay) {
    KeepAlive keep;
    std::lock_guard lock(mutex_);
    auto session = sessions_.find(session_id);
    if (session == sessions_.end()) return false;
    auto found = session->second.find(client);
    if (found == session->second.end()) return false;
    auto& subscription = found->second;
    auto target = subscription.client.lock();
    if (!target) {
        end_subscription(session_id, session->second, client);
        return false;
    }
    keep.push_back(target);
    Frames burst{std::make_shared<const std::string>(answer)};
    for (const auto& event : replay) replay_into(subscription, event, burst);
    for (const auto& event : subscription.held) replay_into(subscription, event, burst);
    subscription.held.clear();
    target->send_burst(std::move(burst));
    subscription.replaying = false;
    if (!std::exchange(subscription.counted_online, true)) came_online(session_id, subscription.viewer);
    target->send(presence_frame(session_id));
    return true;
}

void Hub::abort_subscribe(std::int64_t session_id, const Client* client, const std::string& answer) {
    KeepAlive keep;
    std::shared_ptr<Client> target;
    {
        std::lock_guard lock(mutex_);
        auto session = sessions_.find(session_id);
        if (session != sessions_.end()) {
            auto found = session->second.find(client);
            if (found != session->second.end()) {
                target = found->second.client.lock();
                // Counted online only when it replaced a live subscription of this client.
                end_subscription(session_id, session->second, client);
            }
        }
    }
    if (target) target->send_answer(std::make_shared<const std::string>(answer));
}

void Hub::unsubscribe(std::int64_t session_id, const Client* client) {
    std::lock_guard lock(mutex_);
    auto session = sessions_.find(session_id);
    if (session == sessions_.end()) return;
    end_subscription(session_id, session->second, client);
}

void Hub::drop_client(const Client* client) {
    std::lock_guard lock(mutex_);
    for (auto& [session_id, subscriptions] : sessions_) end_subscription(session_id, subscriptions, client);
}

void Hub::end_subscription(std::int64_t session_id, Subscriptions& subscriptions, const Client* client) {
    auto found = subscriptions.find(client);
    if (found == subscriptions.end()) return;
    auto user_id = found->second.viewer.user_id();
    bool counted = found->second.counted_online;
    subscriptions.erase(found);
    if (counted) went_offline(session_id, user_id);
}

void Hub::came_online(std::int64_t session_id, const Viewer& viewer) {
    auto& presence = presence_[session_id];
    auto& online = presence.users[viewer.user_id()];
    if (online.connections++ > 0) return;
    online.summary = viewer.summary;
    presence.frame.reset();
    presence_changed_.insert(session_id);
}

void Hub::went_offline(std::int64_t session_id, std::int64_t user_id) {
    auto presence = presence_.find(session_id);
    if (presence == presence_.end()) return;
    auto online = presence->second.users.find(user_id);
    if (online == presence->second.users.end()) return;
    if (--online->second.connections > 0) return;
    presence->second.users.erase(online);
    presence->second.frame.reset();
    if (presence->second.users.empty()) presence_.erase(presence);
    presence_changed_.insert(session_id);
}

void Hub::announce_presence_changes() {
    KeepAlive keep;
    std::lock_guard lock(mutex_);
    for (auto session_id : presence_changed_) announce_presence(session_id, keep);
    presence_changed_.clear();
}

void Hub::replay_into(Subscription& subscription, const storage::StoredEvent& event, Frames& burst) {
    if (event.seq <= subscription.last_seq) return;  // already sent by the replay
    subscription.last_seq = event.seq;
    if (subscription.viewer.reader.may_see(event)) burst.push_back(frame_of(event, body_for(subscription.viewer, event)));
}

void Hub::publish(const storage::StoredEvent& event) {
    // Declared before the lock: released after it (see KeepAlive).
    KeepAlive keep;
    KeepAlive wake;  // subscribers whose queue was empty: woken together, in one hop
    {
        std::lock_guard lock(mutex_);
#ifndef NDEBUG
        auto& last_published = last_published_seq_[event.session_id];
        assert(event.seq > last_published && "events of a session are published in seq order");
        last_published = event.seq;
#endif
        auto session = sessions_.find(event.session_id);
        if (session == sessions_.end()) return;
        keep.reserve(session->second.size());
        wake.reserve(session->second.size());
        // Serialise once per audience form; every recipient of a form shares its buffer.
        std::shared_ptr<const std::string> frame, moderator_frame;
        for (auto& [key, subscription] : session->second) {
            if (subscription.replaying) {
                subscription.held.push_back(event);
                continue;
            }
            if (event.seq <= subscription.last_seq) continue;
            subscription.last_seq = event.seq;
            if (!subscription.viewer.reader.may_see(event)) continue;
            auto client = subscription.client.lock();
            if (!client) continue;
            auto& shared = moderator_form(subscription.viewer, event) ? moderator_frame : frame;
            if (!shared) shared = frame_of(event, body_for(subscription.viewer, event));
            if (client->queue_live(shared))
                wake.push_back(std::move(client));
            else
                keep.push_back(std::move(client));
        }
    }
    // Outside the lock: the hop may run (and drop the last reference) at once.
    if (wake.empty()) return;
    Client* first = wake.front().get();
    first->wake_all(std::move(wake));
}

void Hub::remove_user(std::int64_t session_id, std::int64_t user_id) {
    std::lock_guard lock(mutex_);
    bump_epoch(session_id, user_id);
    auto session = sessions_.find(session_id);
    if (session == sessions_.end()) return;
    std::erase_if(session->second, [&](const auto& entry) {
        const auto& subscription = entry.second;
        if (subscription.viewer.user_id() != user_id) return false;
        if (subscription.counted_online) went_offline(session_id, user_id);
        return true;
    });
}

void Hub::set_moderator(std::int64_t session_id, std::int64_t user_id, bool moderator) {
    std::lock_guard lock(mutex_);
    bump_epoch(session_id, user_id);
    auto session = sessions_.find(session_id);
    if (session == sessions_.end()) return;
    for (auto& [key, subscription] : session->second)
        if (subscription.viewer.user_id() == user_id) subscription.viewer.reader.moderator = moderator;
}

bool Hub::typing(std::int64_t session_id, const Client* from, std::int64_t thread_id, std::int64_t now,
                 const std::shared_ptr<const std::string>& frame) {
    KeepAlive keep;
    std::lock_guard lock(mutex_);
    auto session = sessions_.find(session_id);
    if (session == sessions_.end()) return false;
    auto sender = session->second.find(from);
    if (sender == session->second.end()) return false;
    auto [last, first_time] = sender->second.last_typing.try_emplace(thread_id, now);
    if (!first_time) {
        if (now - last->second < typing_interval) return true;
        last->second = now;
    }
    for (auto& [key, subscription] : session->second)
        if (key != from && !subscription.replaying)
            if (auto client = subscription.client.lock()) {
                client->send(frame);
                keep.push_back(std::move(client));
            }
    return true;
}

nlohmann::json Hub::online_locked(std::int64_t session_id) const {
    auto online = nlohmann::json::array();
    auto presence = presence_.find(session_id);
    if (presence == presence_.end()) return online;
    for (const auto& [user_id, user] : presence->second.users) online.push_back(user.summary);
    return online;
}

nlohmann::json Hub::online(std::int64_t session_id) const {
    std::lock_guard lock(mutex_);
    return online_locked(session_id);
}

std::shared_ptr<const std::string> Hub::presence_frame(std::int64_t session_id) {
    auto build = [&] {
        nlohmann::json message = {
            {"type", "presence"}, {"session", std::to_string(session_id)}, {"online", online_locked(session_id)}};
        return std::make_shared<const std::string>(protocol::dump(message));
    };
    auto presence = presence_.find(session_id);
    if (presence == presence_.end()) return build();  // nobody online
    auto& frame = presence->second.frame;
    if (!frame) frame = build();
    return frame;
}

void Hub::announce_presence(std::int64_t session_id, KeepAlive& keep) {
    auto session = sessions_.find(session_id);
    if (session == sessions_.end()) return;
    auto frame = presence_frame(session_id);
    for (auto& [key, subscription] : session->second)
        if (!subscription.replaying)
            if (auto client = subscription.client.lock()) {
                client->send(frame);
                keep.push_back(std::move(client));
            }
}

}  // namespace kl::app
