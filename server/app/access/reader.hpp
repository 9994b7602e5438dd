#pragma once
// The visibility gate: what one viewer may see of a session. Every object that leaves
// the server to a viewer (an answer, an error answer that carries an object, an event
// live or replayed, session.state, paging, search, the report and export, a board
// quote) is decided here, once, for that viewer; verbs, SQL and event audiences do not
// decide visibility on their own. A Reader is made from the viewer's membership;
// someone who is no (longer a) member gets no Reader and sees nothing.
//
// The rules:
// - a pending thread is seen by its author and the moderators;
// - a whisper by moderators; a pending or rejected post by its author and moderators;
// - a guest invited with history "from_join" sees nothing from before joining: no
//   thread without activity since, no post, card or note block from before, no event
//   about such an object (even a new one, say when an old post is edited), and no
//   event numbered up to the session's head when they joined;
// - a card quoting a post the viewer may not read is not seen (its quote would show
//   the post); a draft note block only by moderators;
// - a post's earlier versions by its author and the moderators; flags (and their
//   reasons) by the moderators;
// - a document (its entry, its bytes, its text) by every member while visible; a
//   pending upload by its uploader and the moderators; a hidden one by the moderators;
//   a redacted or deleted one by nobody (its bytes are gone); a from_join guest only
//   documents uploaded after joining;
// - a notification while what it is about is seen and not taken away since (a post, a
//   thread, a note block), and one about the queue or invitations by moderators. Invitations and the audit log are the moderators'
//   as well, by their role rule (SessionAction::moderate, read_audit).
#include "storage/board.hpp"
#include "storage/documents.hpp"
#include "storage/events.hpp"
#include "storage/notes.hpp"
#include "storage/posts.hpp"
#include "storage/sessions.hpp"
#include "storage/threads.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace kl::app {

struct Reader {
    std::int64_t user_id = 0;
    bool moderator = false;
    std::int64_t history_from = 0;      // Unix seconds; objects older than this are not shown
    std::int64_t visible_from_seq = 0;  // events up to this seq are not shown (from_join)

    static Reader of(const storage::Member& member);

    // Whether the viewer may see the object at all (in any state they may see it in:
    // their own pending post, for example).
    bool may_see(const storage::Thread& thread) const;
    bool may_see(const storage::Post& post) const;
    // Text that counts as said in the session, for the views that gather it whole
    // (state, search, the report): visible posts (whispers for moderators).
    bool may_read(const storage::Thread& thread) const { return may_see(thread); }
    bool may_read(const storage::Post& post) const;
    // source: the post the card quotes, when it has one (nullopt: gone or none).
    bool may_read(const storage::Card& card, const std::optional<storage::Post>& source) const;
    bool may_read(const storage::NoteBlock& block) const;
    // A document: its entry in a list, its download, its text in search.
    bool may_see(const storage::Document& document) const;
    // A stored event, live or replayed: its number, its audience and its subject.
    bool may_see(const storage::StoredEvent& event) const;
    // The earlier versions of a post (post.history): its author and the moderators.
    bool may_see_revisions(const storage::Post& post) const;
    // A flag with its reason (mod.queue, post.flagged): the moderators.
    bool may_see(const storage::Flag& flag) const;
    // A notification about a thread and/or post (nullopt: it names none): shown while
    // the thread is seen and the post is seen and not taken away since (hidden,
    // redacted, deleted). Decided when it is shown, not when it was made.
    bool may_see_notification_about(const std::optional<storage::Thread>& thread,
                                    const std::optional<storage::Post>& post) const;
    // A notification about a note block (note.published, action.assigned): shown while
    // the viewer may read the block (published, or a draft for moderators; for a
    // from_join guest not one from before joining). A deleted block shows nothing.
    bool may_see_notification_about(const storage::NoteBlock& block) const { return may_read(block); }
    // What a kind of notification is about as a whole: the moderation queue
    // (queue.waiting), the session's invitations (invite.accepted) and its keeping
    // (retention.notice, retention.resumed) are the moderators', so those show only
    // while the viewer moderates the session.
    bool may_see_notification_of_kind(const std::string& kind) const;
    // Whether the viewer gets the moderators' form of objects and events.
    bool sees_as_moderator() const { return moderator; }

    // All that the board's rules (may_read of a card and its quote) and its wire form
    // (card_json's moderator view) read of the viewer: viewers with the same audience
    // see the same board, so its serialised form may be shared between them
    // (board/board_cache.hpp). A new rule about cards that reads more of the viewer
    // must add it here.
    struct BoardAudience {
        bool moderator = false;
        std::int64_t history_from = 0;
        bool operator==(const BoardAudience&) const = default;
    };
    BoardAudience board_audience() const { return {moderator, history_from}; }

private:
    bool within_history(std::int64_t at) const { return at >= history_from; }
};

// When a thread last showed something new: its creation or its latest visible post.
// A from_join guest sees a thread (and events about it) from that moment on.
std::int64_t thread_seen_since(const storage::Thread& thread);

// True when a member (moderator or not) may see the thread / post at all, leaving the
// history rule aside. Prefer Reader::may_see; these serve the rules that have no
// membership at hand (the pure permission tables).
bool may_see_thread(const storage::Thread& thread, std::int64_t user_id, bool moderator);
bool may_see_post(const storage::Post& post, std::int64_t user_id, bool moderator);

}  // namespace kl::app
