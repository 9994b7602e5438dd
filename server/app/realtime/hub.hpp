#pragma once
// The hub fans session events out to the connections subscribed to them.
//
// Each event is serialised once into a shared buffer and queued on every subscriber
// that may see it (its audience, and for guests with history "from_join" only events
// after they joined). A subscription starts in replay mode: live events that arrive
// while the missed ones are read from storage are held back, then sent after the
// replay without duplicates, so a reconnecting client loses nothing and sees every
// event once, in order.
//
// Thread-safety: all members lock one mutex; sends only queue on the client.
#include "server/app/realtime/client.hpp"
#include "storage/events.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kl::app {

struct Viewer {
    std::int64_t user_id = 0;
    bool moderator = false;
    std::int64_t visible_from_seq = 0;
    nlohmann::json summary;  // {id, display_name, organisation} for presence
};

// True when viewer may see event (audience and history rules).
bool may_see(const Viewer& viewer, const storage::StoredEvent& event);

class Hub {
public:
    // Registers client for session in replay mode (replacing an earlier subscription).
    // Events up to after_seq are never sent to it, even when their publication races
    // with the subscription (the client has them already).
    void begin_subscribe(std::int64_t session_id, const std::shared_ptr<Client>& client, Viewer viewer,
                         std::int64_t after_seq);
    // Sends answer, then the replayed events the viewer may see, then the live events
    // held back meanwhile, and switches to live delivery; announces presence.
    void finish_subscribe(std::int64_t session_id, const Client* client, const std::string& answer,
                          const std::vector<storage::StoredEvent>& replay);
    // Undoes begin_subscribe (the subscription failed) after sending answer.
    void abort_subscribe(std::int64_t session_id, const Client* client, const std::string& answer);
    void unsubscribe(std::int64_t session_id, const Client* client);
    // A connection closed: ends all its subscriptions.
    void drop_client(const Client* client);

    // Delivers a committed event to the subscribers that may see it.
    void publish(const storage::StoredEvent& event);
    // Ends every subscription of user in session (removed, or access ended).
    void remove_user(std::int64_t session_id, std::int64_t user_id);
    // The user's role changed: what they may see changes with it.
    void set_moderator(std::int64_t session_id, std::int64_t user_id, bool moderator);

    // Sends a typing frame for thread to the session's other live subscribers, at most
    // once per typing_interval seconds per connection and thread. False when from is
    // not subscribed to the session (nothing is sent).
    bool typing(std::int64_t session_id, const Client* from, std::int64_t thread_id, std::int64_t now,
                const std::shared_ptr<const std::string>& frame);
    static constexpr std::int64_t typing_interval = 3;

    // The users subscribed to session now (each once).
    nlohmann::json online(std::int64_t session_id) const;
    std::size_t subscriber_count(std::int64_t session_id) const;

private:
    struct Subscription {
        std::weak_ptr<Client> client;
        Viewer viewer;
        bool replaying = true;
        std::int64_t last_seq = 0;  // highest seq sent (or skipped as invisible)
        std::vector<storage::StoredEvent> held;
        std::map<std::int64_t, std::int64_t> last_typing;  // thread -> when this connection last typed
    };
    using Subscriptions = std::map<const Client*, Subscription>;

    // Clients locked while the mutex is held are kept here until after it is released:
    // dropping the last reference inside the lock would run the connection's destructor,
    // which calls back into the hub (drop_client) and would deadlock.
    using KeepAlive = std::vector<std::shared_ptr<Client>>;

    using Frames = std::vector<std::shared_ptr<const std::string>>;
    // Adds the frame of a replayed or held event to burst, when the viewer may see it
    // and has not had it yet.
    static void replay_into(Subscription& subscription, const storage::StoredEvent& event, Frames& burst);
    // With mutex_ held:
    void announce_presence(std::int64_t session_id, KeepAlive& keep);
    // The presence frame of session, built once per change of who is online.
    std::shared_ptr<const std::string> presence_frame(std::int64_t session_id);
    // Removes client's subscription; tells the others only when its user went offline.
    void end_subscription(std::int64_t session_id, Subscriptions& subscriptions, const Client* client, KeepAlive& keep);
    // A subscription went live: true when its user was not online in session before.
    bool came_online(std::int64_t session_id, const Viewer& viewer);
    // A live subscription ended: true when it was its user's last one in session.
    bool went_offline(std::int64_t session_id, std::int64_t user_id);
    nlohmann::json online_locked(std::int64_t session_id) const;

    // Who is online in a session, kept as subscriptions go live and end: a count per
    // user, so that subscribing costs no walk over all subscribers (a storm of 10,000
    // reconnects spent a third of the server's CPU walking them).
    struct Online {
        int connections = 0;  // live subscriptions of this user
        nlohmann::json summary;
    };
    struct Presence {
        std::map<std::int64_t, Online> users;      // by user id
        std::shared_ptr<const std::string> frame;  // null until needed after a change
    };

    mutable std::mutex mutex_;
    std::map<std::int64_t, Subscriptions> sessions_;
    std::map<std::int64_t, Presence> presence_;
};

}  // namespace kl::app
