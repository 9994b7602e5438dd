#include "server/app/access/reader.hpp"

#include <algorithm>

namespace kl::app {

bool may_see_thread(const storage::Thread& thread, std::int64_t user_id, bool moderator) {
    return moderator || !thread.pending || thread.created_by == user_id;
}

bool may_see_post(const storage::Post& post, std::int64_t user_id, bool moderator) {
    if (moderator) return true;
    if (post.whisper) return false;
    return (post.state != "pending" && post.state != "rejected") || post.author_id == user_id;
}

std::int64_t thread_seen_since(const storage::Thread& thread) {
    return std::max(thread.created_at, thread.last_activity_at.value_or(0));
}

Reader Reader::of(const storage::Member& member) {
    // visible_from_seq > 0 marks a from_join guest; joined_at is when that began.
    bool from_join = member.visible_from_seq > 0;
    return {member.user_id, member.role == "moderator", from_join ? member.joined_at : 0, member.visible_from_seq};
}

bool Reader::may_see(const storage::Thread& thread) const {
    return may_see_thread(thread, user_id, moderator) && within_history(thread_seen_since(thread));
}

bool Reader::may_see(const storage::Post& post) const {
    return may_see_post(post, user_id, moderator) && within_history(post.created_at);
}

bool Reader::may_see(const storage::Document& document) const {
    if (!within_history(document.at)) return false;
    const auto& state = document.state;
    if (state == "visible") return true;
    if (state == "pending") return moderator || document.uploaded_by == user_id;
    if (state == "hidden") return moderator;
    return false;  // redacted, deleted: nothing of it is left to see
}

bool Reader::may_read(const storage::Post& post) const {
    return post.state == "visible" && (!post.whisper || moderator) && within_history(post.created_at);
}

bool Reader::may_see_notification_about(const std::optional<storage::Thread>& thread,
                                        const std::optional<storage::Post>& post) const {
    if (thread && !may_see(*thread)) return false;
    if (!post) return true;
    const auto& state = post->state;
    return state != "hidden" && state != "redacted" && state != "deleted" && may_see(*post);
}

bool Reader::may_see_notification_of_kind(const std::string& kind) const {
    // retention.notice (the erasure is near) and retention.resumed (a hold was lifted)
    // are about the session's keeping, the moderators' charge.
    if (kind == "queue.waiting" || kind == "invite.accepted" || kind == "retention.notice" || kind == "retention.resumed")
        return moderator;
    return true;
}

bool Reader::may_see_revisions(const storage::Post& post) const {
    return may_see(post) && (moderator || post.author_id == user_id);
}

bool Reader::may_see(const storage::Flag&) const { return moderator; }

bool Reader::may_read(const storage::Card& card, const std::optional<storage::Post>& source) const {
    if (!within_history(card.updated_at)) return false;
    if (!card.source_post) return true;
    // A quote of a post from before joining would show that post.
    return !source || within_history(source->created_at);
}

bool Reader::may_read(const storage::NoteBlock& block) const {
    return (block.published() || moderator) && within_history(block.updated_at);
}

bool Reader::may_see(const storage::StoredEvent& event) const {
    if (event.seq <= visible_from_seq) return false;
    if (event.subject_at && !within_history(*event.subject_at)) return false;
    if (event.audience == "all") return true;
    if (moderator) return true;
    return event.audience == "moderators_and_user" && event.audience_user == user_id;
}

}  // namespace kl::app
