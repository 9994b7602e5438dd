#pragma once
// The notes of a session: one ordered list of blocks (summary, decision, action,
// insight). A block is a draft until a moderator publishes it. Positions are dense per
// session (see dense_order.hpp). Times are Unix seconds.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kl::storage {

class Connection;

struct NoteBlock {
    std::int64_t id = 0;
    std::int64_t session_id = 0;
    std::string kind;                 // summary, decision, action, insight
    std::string text;
    std::optional<std::string> owner;  // actions only
    std::optional<std::string> due;    // actions only, YYYY-MM-DD
    std::int64_t position = 0;
    std::int64_t version = 1;
    std::optional<std::int64_t> published_at;  // nullopt: draft
    std::int64_t created_by = 0;
    std::int64_t created_at = 0;
    std::int64_t updated_by = 0;
    std::int64_t updated_at = 0;

    bool published() const { return published_at.has_value(); }
};

// Blocks of a session in order; drafts too unless published_only.
std::vector<NoteBlock> list_blocks(Connection& connection, std::int64_t session_id, bool published_only);
std::optional<NoteBlock> find_block(Connection& connection, std::int64_t id);
std::int64_t count_blocks(Connection& connection, std::int64_t session_id);
// Inserts block at position (nullopt or past the end: at the end) and returns it.
NoteBlock add_block(Connection& connection, NoteBlock block, std::optional<std::int64_t> position);
// Writes kind, text, owner, due, updated_*; moves it when position is given;
// increments the version.
void update_block(Connection& connection, NoteBlock& block, std::optional<std::int64_t> position);
void delete_block(Connection& connection, const NoteBlock& block);
// Publishes every draft of the session at now and returns them, in order.
std::vector<NoteBlock> publish_drafts(Connection& connection, std::int64_t session_id, std::int64_t now);
// Ids in order; drafts too unless published_only.
std::vector<std::int64_t> block_order(Connection& connection, std::int64_t session_id, bool published_only);
// How many published blocks of the block's session stand before it: its place as
// members who see no drafts count it.
std::int64_t published_blocks_before(Connection& connection, const NoteBlock& block);

}  // namespace kl::storage
