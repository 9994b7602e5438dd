#pragma once
// A member, a session and one thread in it: what a test of posts needs first.
#include "storage/connection.hpp"
#include "storage/sessions.hpp"
#include "storage/threads.hpp"
#include "storage/users.hpp"

#include <cstdint>

namespace kl::test {

struct OneThread {
    std::int64_t user_id = 0;
    std::int64_t session_id = 0;
    std::int64_t thread_id = 0;
};

inline OneThread create_one_thread(storage::Connection& c) {
    OneThread made;
    storage::in_transaction(c, [&] {
        storage::NewUser user;
        user.email = "lid@gemeente.example";
        user.display_name = "Lid";
        user.organisation_type = "gemeente";
        user.global_role = "member";
        made.user_id = storage::create_user(c, user).id;
        storage::Session session;
        session.title = "Kennislab";
        session.created_by = made.user_id;
        made.session_id = storage::create_session(c, session).id;
        storage::Thread thread;
        thread.session_id = made.session_id;
        thread.title = "Casus";
        thread.kind = "casus";
        thread.created_by = made.user_id;
        made.thread_id = storage::create_thread(c, thread).id;
    });
    return made;
}

}  // namespace kl::test
