#pragma once
// `search`: one box that finds a session's threads, posts, cards and notes. Runs on
// the blocking pool; hits pass the same reading rules as every other view (Reader).
// Each connection has a search rate of its own (ServerConfig::search_rate/burst),
// inside the request rate every request counts against: a search costs the read pool
// more than any other read.
#include "protocol/envelope.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"
#include "server/app/realtime/request_rate.hpp"

#include <memory>

namespace kl::app {

class SearchVerbs {
public:
    explicit SearchVerbs(Services& services);

    // Over the connection's search rate: `rate_limited` with retry_after at once, and
    // nothing is searched. Every search counts, also one with invalid parameters.
    void search(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    // Forgets the search rate of connections that have not searched for a few seconds
    // (their buckets are full again); the feature calls it once a second. The limiter
    // is not told when a connection closes, so this is what bounds its memory.
    void forget_idle_connections();

    static constexpr std::size_t max_query = 200;
    static constexpr int max_limit = 50;
    static constexpr int default_limit = 20;

private:
    Services& services_;
    RequestRateLimit rate_limit_;  // searches per connection
};

// [{"text","hit"}…] from a snippet with storage::hit_start/hit_end marks.
nlohmann::json snippet_pieces(const std::string& snippet);

}  // namespace kl::app
