#pragma once
// Loading a thread or post together with the caller's right to act on it. Builds on
// require_session (the permission check every verb goes through) and adds what the
// thread or post itself hides: a pending thread, a whisper, someone else's pending post
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
};

struct PostAccess : ThreadAccess {
    storage::Post post;
};

// True when a member (moderator or not) may see the thread / post at all.
bool may_see_thread(const storage::Thread& thread, std::int64_t user_id, bool moderator);
bool may_see_post(const storage::Post& post, std::int64_t user_id, bool moderator);

// Throws ProtocolError not_found, forbidden or locked (see require_session).
ThreadAccess require_thread(storage::Connection& connection, const storage::User& caller, std::int64_t thread_id,
                            SessionAction action, std::int64_t now);
PostAccess require_post(storage::Connection& connection, const storage::User& caller, std::int64_t post_id,
                        SessionAction action, std::int64_t now);

}  // namespace kl::app
