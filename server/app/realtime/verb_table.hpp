#pragma once
// The WebSocket verbs by name. Features add theirs at start-up (see
// wiring/features.hpp); the dispatcher only looks them up, so it knows no feature.
// Filled before the server accepts connections and only read after that, so lookups
// need no lock.
#include "protocol/envelope.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/realtime/client.hpp"

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace kl::app {

// One verb: validates the request, does its work (on the writer or the pool) and calls
// finish exactly once. A ProtocolError thrown before any work is queued is answered too.
using Verb = std::function<void(const std::shared_ptr<Client>&, const protocol::Request&, Finish)>;

class VerbTable {
public:
    // Adds a verb. A name added twice is a programming error: throws std::logic_error,
    // so that two features can never silently shadow each other.
    void add(const std::string& type, Verb verb);

    // Adds a verb that calls method on part (which must outlive the table).
    template <class Part>
    void add(const std::string& type, Part& part,
             void (Part::*method)(const std::shared_ptr<Client>&, const protocol::Request&, Finish)) {
        add(type, [&part, method](const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
            (part.*method)(client, request, std::move(finish));
        });
    }

    // Widens a verb another feature added before to requests whose params hold param:
    // those go to verb, all others to the earlier one as before (mod.approve taking
    // "document" in place of "post"). Throws std::logic_error when type is not added yet.
    void widen(const std::string& type, const std::string& param, Verb verb);
    template <class Part>
    void widen(const std::string& type, const std::string& param, Part& part,
               void (Part::*method)(const std::shared_ptr<Client>&, const protocol::Request&, Finish)) {
        widen(type, param,
              [&part, method](const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
                  (part.*method)(client, request, std::move(finish));
              });
    }

    // The verb registered as type, or null.
    const Verb* find(const std::string& type) const;
    // Every registered name, sorted (for tests and the documentation check).
    std::vector<std::string> types() const;

private:
    std::unordered_map<std::string, Verb> verbs_;
};

}  // namespace kl::app
