#pragma once
// The documents' WebSocket verbs. So far `document.list {session, before?, limit?}`:
// the documents the caller may see (the Reader decides), newest first, in pages.
#include "protocol/envelope.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"

#include <memory>

namespace kl::app {

class DocumentVerbs {
public:
    explicit DocumentVerbs(Services& services);

    void list(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

    static constexpr int max_limit = 100;
    static constexpr int default_limit = 50;

private:
    Services& services_;
};

}  // namespace kl::app
