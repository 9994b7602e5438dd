#include "storage/notes.hpp"

#include "storage/connection.hpp"
#include "storage/dense_order.hpp"

namespace kl::storage {

namespace {

constexpr const char* block_columns =
    "id, session_id, kind, text, owner, due, position, version, published_at, created_by, created_at, updated_by, "
    "updated_at";

NoteBlock read_block(const Statement& row) {
    NoteBlock b;
    b.id = row.int64(0);
    b.session_id = row.int64(1);
    b.kind = row.text(2);
    b.text = row.text(3);
    b.owner = row.optional_text(4);
    b.due = row.optional_text(5);
    b.position = row.int64(6);
    b.version = row.int64(7);
    b.published_at = row.optional_int64(8);
    b.created_by = row.int64(9);
    b.created_at = row.int64(10);
    b.updated_by = row.int64(11);
    b.updated_at = row.int64(12);
    return b;
}

OrderedList blocks_of(std::int64_t session_id) { return {"note_blocks", "session_id", session_id}; }

std::string where_session(bool published_only) {
    return published_only ? " WHERE session_id = ? AND published_at IS NOT NULL" : " WHERE session_id = ?";
}

}  // namespace

std::vector<NoteBlock> list_blocks(Connection& connection, std::int64_t session_id, bool published_only) {
    auto statement = connection.prepare(std::string("SELECT ") + block_columns + " FROM note_blocks" +
                                        where_session(published_only) + " ORDER BY position");
    statement.bind(1, session_id);
    std::vector<NoteBlock> blocks;
    while (statement.step()) blocks.push_back(read_block(statement));
    return blocks;
}

std::optional<NoteBlock> find_block(Connection& connection, std::int64_t id) {
    auto statement = connection.prepare(std::string("SELECT ") + block_columns + " FROM note_blocks WHERE id = ?");
    statement.bind(1, id);
    if (!statement.step()) return std::nullopt;
    return read_block(statement);
}

std::int64_t count_blocks(Connection& connection, std::int64_t session_id) {
    return list_size(connection, blocks_of(session_id));
}

NoteBlock add_block(Connection& connection, NoteBlock block, std::optional<std::int64_t> position) {
    block.position = make_room(connection, blocks_of(block.session_id), position);
    connection
        .prepare(
            "INSERT INTO note_blocks (session_id, kind, text, owner, due, position, created_by, created_at, "
            "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, block.session_id)
        .bind(2, block.kind)
        .bind(3, block.text)
        .bind(4, block.owner)
        .bind(5, block.due)
        .bind(6, block.position)
        .bind(7, block.created_by)
        .bind(8, block.created_at)
        .bind(9, block.updated_by)
        .bind(10, block.updated_at)
        .run();
    return *find_block(connection, connection.last_insert_id());
}

void update_block(Connection& connection, NoteBlock& block, std::optional<std::int64_t> position) {
    if (position && *position != block.position) {
        take_out(connection, blocks_of(block.session_id), block.id, block.position);
        block.position = make_room(connection, blocks_of(block.session_id), position);
    }
    ++block.version;
    connection
        .prepare(
            "UPDATE note_blocks SET kind = ?, text = ?, owner = ?, due = ?, position = ?, version = ?, "
            "updated_by = ?, updated_at = ? WHERE id = ?")
        .bind(1, block.kind)
        .bind(2, block.text)
        .bind(3, block.owner)
        .bind(4, block.due)
        .bind(5, block.position)
        .bind(6, block.version)
        .bind(7, block.updated_by)
        .bind(8, block.updated_at)
        .bind(9, block.id)
        .run();
}

void delete_block(Connection& connection, const NoteBlock& block) {
    connection.prepare("DELETE FROM note_blocks WHERE id = ?").bind(1, block.id).run();
    close_gap(connection, blocks_of(block.session_id), block.position);
}

std::vector<NoteBlock> publish_drafts(Connection& connection, std::int64_t session_id, std::int64_t now) {
    std::vector<NoteBlock> drafts;
    for (auto& block : list_blocks(connection, session_id, false))
        if (!block.published()) drafts.push_back(std::move(block));
    connection.prepare("UPDATE note_blocks SET published_at = ? WHERE session_id = ? AND published_at IS NULL")
        .bind(1, now)
        .bind(2, session_id)
        .run();
    for (auto& block : drafts) block.published_at = now;
    return drafts;
}

std::vector<std::int64_t> block_order(Connection& connection, std::int64_t session_id, bool published_only) {
    auto statement =
        connection.prepare("SELECT id FROM note_blocks" + where_session(published_only) + " ORDER BY position");
    statement.bind(1, session_id);
    std::vector<std::int64_t> ids;
    while (statement.step()) ids.push_back(statement.int64(0));
    return ids;
}

std::int64_t published_blocks_before(Connection& connection, const NoteBlock& block) {
    auto statement = connection.prepare(
        "SELECT count(*) FROM note_blocks WHERE session_id = ? AND published_at IS NOT NULL AND position < ? AND id != ?");
    statement.bind(1, block.session_id).bind(2, block.position).bind(3, block.id);
    statement.step();
    return statement.int64(0);
}

}  // namespace kl::storage
