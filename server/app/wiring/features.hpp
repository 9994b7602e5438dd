#pragma once
// What a feature registers itself into. Each feature folder has one
// register_<feature>(Features&) (in <feature>/<feature>_feature.hpp) that builds the
// feature's parts, keeps them here, and adds its WebSocket verbs, its HTTP routes and
// any work that follows the clock or the shutdown. wiring/application.cpp calls each
// of them once, before the server accepts connections; after that nothing is added.
#include "server/app/access/second_factor_gate.hpp"
#include "server/app/core/services.hpp"
#include "server/app/http/http_routes.hpp"
#include "server/app/realtime/hub.hpp"
#include "server/app/realtime/verb_table.hpp"

#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace kl::app {

class Features {
public:
    Features(Services& services, Hub& hub, BlockingPool& hashing_pool, SecondFactorGate& second_factor_gate)
        : services(services), hub(hub), hashing_pool(hashing_pool), second_factor_gate(second_factor_gate) {}
    Features(const Features&) = delete;
    Features& operator=(const Features&) = delete;
    // Parts go in the reverse order of their making, after the tables stop being used.
    ~Features() {
        while (!parts_.empty()) parts_.pop_back();
    }

    Services& services;
    Hub& hub;
    // Argon2 only (setup, login, activation, accepting an invitation): its own threads
    // and a queue cap, so that hashing never delays what runs on services.pool.
    BlockingPool& hashing_pool;
    // Who must set up a second factor first: asked by the dispatcher and the HTTP API,
    // told by whatever changes a factor, the policy or a role (access/second_factor_gate.hpp).
    SecondFactorGate& second_factor_gate;
    VerbTable verbs;
    HttpRoutes routes;

    // Makes a part that lives as long as the application and returns it.
    template <class Part, class... Args>
    Part& keep(Args&&... args) {
        auto part = std::make_shared<Part>(std::forward<Args>(args)...);
        Part& kept = *part;
        parts_.push_back(std::move(part));
        return kept;
    }

    // Work the server runs about once a second on an I/O thread; it must not block (hand
    // real work to the writer or the pool).
    void every_second(std::function<void()> job) { periodic_.push_back(std::move(job)); }
    // Work the server runs once when it stops, after the last connection is gone.
    void at_shutdown(std::function<void()> job) { shutdown_.push_back(std::move(job)); }

    void run_periodic() const {
        for (const auto& job : periodic_) job();
    }
    void run_shutdown() const {
        for (const auto& job : shutdown_) job();
    }

private:
    std::vector<std::shared_ptr<void>> parts_;
    std::vector<std::function<void()>> periodic_;
    std::vector<std::function<void()>> shutdown_;
};

}  // namespace kl::app
