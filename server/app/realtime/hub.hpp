#pragma once
// The hub fans session events out to the connections subscribed to them.
//
// Each event is serialised once into a shared buffer and queued on every subscriber
// that may see it: the visibility gate (access/reader.hpp) decides, per subscriber,
// exactly as it does for answers and replays. A subscription starts in replay mode: live events that arrive
// while the missed ones are read from storage are held back, then sent after the
// replay without duplicates, so a reconnecting client loses nothing and sees every
// event once, in order.
//
// Presence: who is online changes when a user's first subscription in a session goes
// live or their last one ends. The subscriber itself gets the list at once; the others
// hear of changes at most once a second per session (announce_presence_changes), so a
// storm of subscribes and closes costs one frame per second, not one per change. A
// re-subscribe of the same connection changes nothing for anyone else.
//
// Invariants (asserted in debug builds): events of a session are published in
// increasing seq order (the writer commits and publishes them in that order, on its one
// thread); each subscriber gets a seq at most once and never one at or below the
// after_seq it subscribed with.
//
// Thread-safety: all members lock one mutex; sends only queue on the client. A publish
// queues its frame on every subscriber and then wakes those that were idle with one
// hop (Client::wake_all), after the mutex is released.
#include "server/app/access/reader.hpp"
#include "server/app/realtime/client.hpp"
#include "storage/events.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace kl::app {

struct Viewer {
    Reader reader;           // what this subscriber may see
    nlohmann::json summary;  // {id, display_name, organisation} for presence

    std::int64_t user_id() const { return reader.user_id; }
};

// A member's rights in a session as the hub last heard of them. Every commit that
// changes them (removal, a role change, an ended guest access) bumps the number after
// it commits; a subscribe reads the number before it reads the membership and
// registers only if the number is unchanged, so a subscribe that read old rights can
// never register after the change.
using MembershipEpoch = std::uint64_t;

// What begin_subscribe came to.
enum class SubscribeStart {
    registered,
    membership_changed,  // since the epoch was read: read the membership again
    still_replaying,     // this connection's earlier subscribe to the session has not finished
};

class Hub {
public:
    // The current membership epoch of user in session (see MembershipEpoch).
    MembershipEpoch membership_epoch(std::int64_t session_id, std::int64_t user_id) const;
    // Registers client for session in replay mode (replacing an earlier, live
    // subscription). Events up to after_seq are never sent to it, even when their
    // publication races with the subscription (the client has them already). Nothing is
    // registered when the viewer's membership changed since epoch was read, or while an
    // earlier subscribe of the same connection to the session is still replaying (a
    // second replay would only pile up behind the first).
    SubscribeStart begin_subscribe(std::int64_t session_id, const std::shared_ptr<Client>& client, Viewer viewer,
                         std::int64_t after_seq, MembershipEpoch epoch);
    // Sends answer, then the replayed events the viewer may see, then the live events
    // held back meanwhile, and switches to live delivery; sends the subscriber who is
    // online (the others hear of it with the next presence announcement). False
    // when the subscription ended meanwhile (the member was removed, the connection
    // closed): nothing was sent, and the caller answers with an error instead.
    bool finish_subscribe(std::int64_t session_id, const Client* client, const std::string& answer,
                          const std::vector<storage::StoredEvent>& replay);
    // Undoes begin_subscribe (the subscription failed) after sending answer.
    void abort_subscribe(std::int64_t session_id, const Client* client, const std::string& answer);
    void unsubscribe(std::int64_t session_id, const Client* client);
    // A connection closed: ends all its subscriptions.
    void drop_client(const Client* client);

    // Delivers a committed event to the subscribers that may see it.
    void publish(const storage::StoredEvent& event);
    // Ends every subscription of user in session (removed, or access ended). Called
    // after the event that says so is published, so a live subscriber has heard it; a
    // subscription still replaying ends without its answer (finish_subscribe says so).
    void remove_user(std::int64_t session_id, std::int64_t user_id);
    // The user's role changed: what they may see changes with it, from the next event on.
    void set_moderator(std::int64_t session_id, std::int64_t user_id, bool moderator);

    // Sends a typing frame for thread to the session's other live subscribers, at most
    // once per typing_interval seconds per connection and thread. False when from is
    // not subscribed to the session (nothing is sent).
    bool typing(std::int64_t session_id, const Client* from, std::int64_t thread_id, std::int64_t now,
                const std::shared_ptr<const std::string>& frame);
    static constexpr std::int64_t typing_interval = 3;

    // Sends the sessions whose presence changed since the last call their new list
    // (to the live subscribers). The server calls it about once a second.
    void announce_presence_changes();

    // The users subscribed to session now (each once).
    nlohmann::json online(std::int64_t session_id) const;

private:
    struct Subscription {
        std::weak_ptr<Client> client;
        Viewer viewer;
        bool replaying = true;
        bool counted_online = false;  // counted in presence (from its first finish_subscribe on)
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
    // Removes client's subscription (and its user from presence with its last one).
    void end_subscription(std::int64_t session_id, Subscriptions& subscriptions, const Client* client);
    // A subscription counts in presence: marks the session changed when its user was
    // not online there before.
    void came_online(std::int64_t session_id, const Viewer& viewer);
    // A counted subscription ended: marks the session changed when it was its user's last.
    void went_offline(std::int64_t session_id, std::int64_t user_id);
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

    // With mutex_ held: the membership of user in session changed.
    void bump_epoch(std::int64_t session_id, std::int64_t user_id);

    mutable std::mutex mutex_;
    std::map<std::int64_t, Subscriptions> sessions_;
    // Only users whose membership changed while the server ran have an entry; one
    // number per change, so the map grows by at most one entry per removal or role change.
    std::map<std::pair<std::int64_t, std::int64_t>, MembershipEpoch> epochs_;
    std::map<std::int64_t, Presence> presence_;
    std::set<std::int64_t> presence_changed_;  // sessions to announce at the next announce_presence_changes
#ifndef NDEBUG
    std::map<std::int64_t, std::int64_t> last_published_seq_;  // per session: the invariant above
#endif
};

}  // namespace kl::app
