#include "server/app/access/thread_access.hpp"

#include "protocol/errors.hpp"

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

ThreadAccess require_thread(storage::Connection& connection, const storage::User& caller, std::int64_t thread_id,
                            SessionAction action, std::int64_t now) {
    auto thread = storage::find_thread(connection, thread_id);
    if (!thread) throw ProtocolError(ErrorCode::not_found, "Dit gesprek bestaat niet.");
    auto access = require_session(connection, caller, thread->session_id, action, now);
    ThreadAccess result{access.session, access.member, *thread};
    if (!result.reader().may_see(result.thread))
        throw ProtocolError(ErrorCode::not_found, "Dit gesprek bestaat niet.");
    return result;
}

PostAccess require_post(storage::Connection& connection, const storage::User& caller, std::int64_t post_id,
                        SessionAction action, std::int64_t now) {
    auto post = storage::find_post(connection, post_id);
    if (!post) throw ProtocolError(ErrorCode::not_found, "Dit bericht bestaat niet.");
    PostAccess result{require_thread(connection, caller, post->thread_id, action, now), *post};
    if (!result.reader().may_see(result.post))
        throw ProtocolError(ErrorCode::not_found, "Dit bericht bestaat niet.");
    return result;
}

}  // namespace kl::app
