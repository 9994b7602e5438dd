#pragma once
// Daily and weekly digests (PROTOCOL.md 1.1): for each user who chose one and whose
// moment has come (digest_schedule), one mail that lists per session what happened
// since their last digest, with a link to each session, and never any text of posts,
// cards, notes or thread titles.
//
// A digest names only the notifications that are unread, not yet mailed, and visible
// to the user now: the gate (visible_subject) decides at the moment the digest is
// made, so what was hidden, redacted, or left behind since is not in it. Those it
// names are marked mailed; a user with nothing to tell gets no mail. Runs as a writer
// job (the outbox rows commit with the marks).
#include "server/app/core/services.hpp"

#include <cstdint>

namespace kl::storage {
class Connection;
}

namespace kl::app {

struct DigestPass {
    int users_checked = 0;
    int mails_queued = 0;
    bool more = false;  // max_users reached: call again for the rest
};

// Makes the digests due at now for at most max_users subscribers after after_user_id
// (0 for the first), inside the caller's writer transaction. next_after_user_id is
// where the next call goes on when more is set.
DigestPass make_due_digests(Services& services, storage::Connection& connection, std::int64_t now,
                            std::int64_t after_user_id, int max_users, std::int64_t& next_after_user_id);

}  // namespace kl::app
