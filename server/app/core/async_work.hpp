#pragma once
// Running a piece of application work on the writer (changes) or on the read pool
// (reads; password hashing has a pool of its own), and getting back either its JSON result or the
// protocol error to answer with. Keeps the socket threads free of blocking work.
#include "protocol/envelope.hpp"
#include "protocol/errors.hpp"
#include "storage/write_lane.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <variant>

namespace kl::storage {
class Connection;
class Writer;
}  // namespace kl::storage

namespace kl::app {

class BlockingPool;

// A result some of whose members are serialised already and shared between answers
// (protocol::SharedMembers): the dispatcher splices them in.
struct SharedResult {
    nlohmann::json fields;
    protocol::SharedMembers shared;
};

using Outcome = std::variant<nlohmann::json, protocol::ProtocolError, SharedResult>;
using Work = std::function<nlohmann::json(storage::Connection&)>;
using SharedWork = std::function<SharedResult(storage::Connection&)>;
using Finish = std::function<void(Outcome)>;

// Runs work in the writer's next transaction; finish gets the result after COMMIT. A
// ProtocolError thrown by work rolls back its changes and is passed on; any other
// exception is logged and becomes `internal`.
void run_write(storage::Writer& writer, Work work, Finish finish,
               storage::WriteLane lane = storage::WriteLane::foreground);
// Runs work on a pool thread with a read-only connection; errors as above.
void run_read(BlockingPool& pool, Work work, Finish finish);
// The same for a read whose result shares serialised members.
void run_read(BlockingPool& pool, SharedWork work, Finish finish);

bool failed(const Outcome& outcome);
// The JSON result of an outcome that is neither failed nor a SharedResult.
const nlohmann::json& result(const Outcome& outcome);
const protocol::ProtocolError& error(const Outcome& outcome);

}  // namespace kl::app
