#include "server/app/access/reader.hpp"

#include "server/app/access/thread_access.hpp"

#include <algorithm>

namespace kl::app {

Reader Reader::of(const storage::Member& member) {
    // visible_from_seq > 0 marks a from_join guest; joined_at is when that began.
    return {member.user_id, member.role == "moderator", member.visible_from_seq > 0 ? member.joined_at : 0};
}

bool Reader::may_read(const storage::Thread& thread) const {
    return may_see_thread(thread, user_id, moderator) &&
           std::max(thread.created_at, thread.last_activity_at.value_or(0)) >= history_from;
}

bool Reader::may_read(const storage::Post& post) const {
    return post.state == "visible" && (!post.whisper || moderator) && post.created_at >= history_from;
}

bool Reader::may_read(const storage::Card& card) const { return card.updated_at >= history_from; }

bool Reader::may_read(const storage::NoteBlock& block) const {
    return (block.published() || moderator) && block.updated_at >= history_from;
}

}  // namespace kl::app
