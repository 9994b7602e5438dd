#pragma once
// What one member may read of a session's content, for the views that gather it
// whole (search, the report, session.state): the same rules as thread_access, plus
// that a guest invited with history "from_join" sees nothing from before joining.
#include "storage/board.hpp"
#include "storage/notes.hpp"
#include "storage/posts.hpp"
#include "storage/sessions.hpp"
#include "storage/threads.hpp"

namespace kl::app {

struct Reader {
    std::int64_t user_id = 0;
    bool moderator = false;
    std::int64_t history_from = 0;  // Unix seconds; content older than this is not shown

    static Reader of(const storage::Member& member);

    bool may_read(const storage::Thread& thread) const;
    // Text that counts as said in the session: visible posts (whispers for moderators).
    bool may_read(const storage::Post& post) const;
    bool may_read(const storage::Card& card) const;
    bool may_read(const storage::NoteBlock& block) const;
};

}  // namespace kl::app
