#include "server/app/access/thread_access.hpp"

#include "protocol/errors.hpp"

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

bool may_see_thread(const storage::Thread& thread, std::int64_t user_id, bool moderator) {
    return moderator || !thread.pending || thread.created_by == user_id;
}

bool may_see_post(const storage::Post& post, std::int64_t user_id, bool moderator) {
    if (moderator) return true;
    if (post.whisper) return false;
    return (post.state != "pending" && post.state != "rejected") || post.author_id == user_id;
}

ThreadAccess require_thread(storage::Connection& connection, const storage::User& caller, std::int64_t thread_id,
                            SessionAction action, std::int64_t now) {
    auto thread = storage::find_thread(connection, thread_id);
    if (!thread) throw ProtocolError(ErrorCode::not_found, "Dit gesprek bestaat niet.");
    auto access = require_session(connection, caller, thread->session_id, action, now);
    ThreadAccess result{access.session, access.member, *thread};
    if (!may_see_thread(result.thread, caller.id, result.moderator()))
        throw ProtocolError(ErrorCode::not_found, "Dit gesprek bestaat niet.");
    return result;
}

PostAccess require_post(storage::Connection& connection, const storage::User& caller, std::int64_t post_id,
                        SessionAction action, std::int64_t now) {
    auto post = storage::find_post(connection, post_id);
    if (!post) throw ProtocolError(ErrorCode::not_found, "Dit bericht bestaat niet.");
    PostAccess result{require_thread(connection, caller, post->thread_id, action, now), *post};
    if (!may_see_post(result.post, caller.id, result.moderator()))
        throw ProtocolError(ErrorCode::not_found, "Dit bericht bestaat niet.");
    return result;
}

}  // namespace kl::app
