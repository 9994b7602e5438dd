#pragma once
// `search`: one box that finds a session's threads, posts, cards and notes. Runs on
// the blocking pool; hits pass the same reading rules as every other view (Reader).
#include "protocol/envelope.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"

#include <memory>

namespace kl::app {

class SearchVerbs {
public:
    explicit SearchVerbs(Services& services);

    void search(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

    static constexpr std::size_t max_query = 200;
    static constexpr int max_limit = 50;
    static constexpr int default_limit = 20;

private:
    Services& services_;
};

// [{"text","hit"}…] from a snippet with storage::hit_start/hit_end marks.
nlohmann::json snippet_pieces(const std::string& snippet);

}  // namespace kl::app
