#include "server/app/notes/notes_json.hpp"

#include "protocol/time.hpp"
#include "server/app/sessions/session_json.hpp"

namespace kl::app {

nlohmann::json block_json(storage::Connection& connection, const storage::NoteBlock& block, bool moderator_view) {
    return {{"id", std::to_string(block.id)},
            {"session", std::to_string(block.session_id)},
            {"kind", block.kind},
            {"text", block.text},
            {"owner", block.owner ? nlohmann::json(*block.owner) : nlohmann::json(nullptr)},
            {"due", block.due ? nlohmann::json(*block.due) : nlohmann::json(nullptr)},
            {"position", moderator_view ? block.position : storage::published_blocks_before(connection, block)},
            {"version", block.version},
            {"published", block.published()},
            {"published_at", protocol::time_json(block.published_at)},
            {"created_by", user_ref(connection, block.created_by)},
            {"created_at", protocol::time_json(block.created_at)},
            {"updated_by", user_ref(connection, block.updated_by)},
            {"updated_at", protocol::time_json(block.updated_at)}};
}

nlohmann::json notes_json(storage::Connection& connection, std::int64_t session_id, const Reader& reader) {
    auto blocks = nlohmann::json::array();
    for (const auto& block : storage::list_blocks(connection, session_id, !reader.moderator))
        if (reader.may_read(block)) blocks.push_back(block_json(connection, block, reader.sees_as_moderator()));
    return blocks;
}

nlohmann::json notes_order_json(storage::Connection& connection, std::int64_t session_id, bool moderator) {
    auto order = nlohmann::json::array();
    for (auto id : storage::block_order(connection, session_id, !moderator)) order.push_back(std::to_string(id));
    return order;
}

}  // namespace kl::app
