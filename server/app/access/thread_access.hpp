#pragma once
// Loading a thread or post together with the caller's right to act on it. Builds on
// require_session (the permission check every verb goes through) and asks the gate
// (Reader) whether the caller may see the thread or post at all: a pending thread, a
// whisper, someone else's pending post, anything from before a from_join guest joined
// are "not found" to those who may not see them.
#include "server/app/access/session_access.hpp"
#include "storage/posts.hpp"
#include "storage/threads.hpp"

namespace kl::app {

struct ThreadAccess {
    storage::Session session;
    std::optional<storage::Member> member;
    storage::Thread thread;

    bool moderator() const { return member && member->role == "moderator"; }
    Reader reader() const { return Reader::of(*member); }
};

struct PostAccess : ThreadAccess {
    storage::Post post;
};

// Throws ProtocolError not_found, forbidden or locked (see require_session).
ThreadAccess require_thread(storage::Connection& connection, const storage::User& caller, std::int64_t thread_id,
                            SessionAction action, std::int64_t now);
PostAccess require_post(storage::Connection& connection, const storage::User& caller, std::int64_t post_id,
                        SessionAction action, std::int64_t now);

}  // namespace kl::app
