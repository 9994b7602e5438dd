#pragma once
// A connected WebSocket client as the application sees it. The network edge
// implements it; tests implement it with a recording fake.
//
// Thread-safety: every member may be called from any thread.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kl::app {

enum class CloseReason {
    shutdown,          // the server stops (1001 going away)
    account_disabled,  // the user was disabled or logged out everywhere (1008)
    logged_out,        // the login the connection was opened with ended (1008)
    policy_violation,  // repeated bad frames (1008)
    too_slow,          // the send queue overflowed (1013 try again later)
    access_ended,      // a guest's access to a session ended (4403; the client reconnects and sees it)
};

class Client {
public:
    virtual ~Client() = default;
    // Queues a live frame (an event, presence, typing). The buffer is shared between
    // recipients. A client too far behind on live frames is dropped (too_slow).
    virtual void send(std::shared_ptr<const std::string> frame) = 0;
    // Queues a live frame as send does, but leaves waking the connection to the caller:
    // true when its queue was empty, and the caller must then pass it to wake_all. A
    // publish to many subscribers so costs one hop onto the network threads for all of
    // them: a hop per subscriber woke a network thread (two context switches) per
    // delivery while the publisher went on.
    virtual bool queue_live(std::shared_ptr<const std::string> frame) = 0;
    // Takes what queue_live queued on each of clients (all of the same kind as this
    // one), in one hop. Frames of one client stay in the order they were queued.
    virtual void wake_all(std::vector<std::shared_ptr<Client>> clients) = 0;
    // Queues the answer to a request. What a client asked for is never dropped for the
    // live frames' bound: it counts against a separate, larger bound for answers and
    // replays, so that a session.state of a full session is delivered to a client that
    // reads, and a client that stops reading is still dropped.
    virtual void send_answer(std::shared_ptr<const std::string> frame) = 0;
    // Queues, in order, frames the server sends at once: a subscription's answer and
    // its replay, counted as answers are.
    virtual void send_burst(std::vector<std::shared_ptr<const std::string>> frames) = 0;
    // True while much of an earlier send_burst is not written out yet: a client that
    // does not read its replay gets no second one (session.subscribe refuses).
    virtual bool burst_pending() const = 0;
    // Closes the connection with a proper close frame.
    virtual void close(CloseReason reason) = 0;
    virtual std::int64_t user_id() const = 0;
};

}  // namespace kl::app
