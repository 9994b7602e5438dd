#pragma once
// The composition root: the application without the network. Makes the hub, lets
// every feature register itself (application.cpp, one line each), and hands the
// network edge what it talks to: the dispatcher for WebSocket requests, the HTTP API,
// and the accounts that authenticate an upgrade.
#include "server/app/access/second_factor_gate.hpp"
#include "server/app/accounts/accounts.hpp"
#include "server/app/accounts/setup_token.hpp"
#include "server/app/core/services.hpp"
#include "server/app/http/http_api.hpp"
#include "server/app/realtime/dispatcher.hpp"
#include "server/app/realtime/hub.hpp"
#include "server/app/wiring/features.hpp"

namespace kl::app {

class Application {
public:
    Application(Services& services, SetupToken& setup_token);
    ~Application();
    Application(const Application&) = delete;
    Application& operator=(const Application&) = delete;

    Dispatcher& dispatcher() { return dispatcher_; }
    HttpApi& api() { return api_; }
    Accounts& accounts() { return accounts_; }
    const VerbTable& verbs() const { return features_.verbs; }

    // Work that follows the clock (guests whose access ran out); the server calls it
    // about once a second.
    void housekeeping() { features_.run_periodic(); }
    // The server has stopped accepting and every connection is gone: ends what features
    // still run on their own threads (exports), and finishes the password hashes still
    // queued (their answers are committed through the writer, which is still running).
    void shutdown();

private:
    // Member order is the order of making: the hub and the hashing pool before the
    // features that use them, the tables (inside features_) before those that read them.
    // The hashing pool is stopped before the features go (its tasks use them).
    Hub hub_;
    BlockingPool hashing_pool_;
    SecondFactorGate second_factor_gate_;
    Features features_;
    Accounts& accounts_;
    Dispatcher dispatcher_;
    HttpApi api_;
};

}  // namespace kl::app
