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
    // Queues a serialised frame. The buffer is shared between recipients.
    virtual void send(std::shared_ptr<const std::string> frame) = 0;
    // Queues, in order, frames the server sends at once: a subscription's answer and
    // its replay. The replay budget bounds them, not the queue limit for live frames,
    // so a long replay is not mistaken for a client falling behind.
    virtual void send_burst(std::vector<std::shared_ptr<const std::string>> frames) = 0;
    // Closes the connection with a proper close frame.
    virtual void close(CloseReason reason) = 0;
    virtual std::int64_t user_id() const = 0;
};

}  // namespace kl::app
