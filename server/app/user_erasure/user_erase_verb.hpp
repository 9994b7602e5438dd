#pragma once
// user.erase {user, posts: "anonymise"|"redact"} (admin; not oneself; never the last
// administrator). In one writer transaction the account ends (storage/user_erasure.hpp,
// begin_user_erasure) and a pseudonymous audit entry is written (user.erased with a
// random pseudonym and the choice, no name or email); after the commit the person's
// connections close and the eraser (user_eraser.hpp) erases what they made.
#include "protocol/envelope.hpp"
#include "server/app/board/board_cache.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"
#include "server/app/user_erasure/user_eraser.hpp"

#include <memory>

namespace kl::app {

class UserEraseVerb {
public:
    UserEraseVerb(Services& services, UserEraser& eraser, BoardCache& boards)
        : services_(services), eraser_(eraser), boards_(boards) {}

    void erase(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

private:
    Services& services_;
    UserEraser& eraser_;
    BoardCache& boards_;
};

}  // namespace kl::app
