#pragma once
// Wire forms of session notes.
#include "server/app/access/reader.hpp"
#include "storage/notes.hpp"

#include <nlohmann/json.hpp>

namespace kl::storage {
class Connection;
}

namespace kl::app {

// The block with its creator and last editor looked up. Members who are not
// moderators get its position among the published blocks: counting drafts would let
// the gaps tell them how many drafts there are.
nlohmann::json block_json(storage::Connection& connection, const storage::NoteBlock& block, bool moderator_view = true);
// [block…] in order for session.state: what reader may read (drafts only for moderators).
nlohmann::json notes_json(storage::Connection& connection, std::int64_t session_id, const Reader& reader);
// [block id…] in order: drafts only for moderators.
nlohmann::json notes_order_json(storage::Connection& connection, std::int64_t session_id, bool moderator);

}  // namespace kl::app
