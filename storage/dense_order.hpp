#pragma once
// Keeps the positions of one ordered list dense: 0, 1, 2, … without gaps or
// duplicates. The lists are the cards of a column, the columns of a session and the
// note blocks of a session. Every function runs inside the caller's write transaction;
// the single writer serialises concurrent moves, so the order after any sequence of
// them is consistent and the same on replay.
#include <cstdint>
#include <optional>

namespace kl::storage {

class Connection;

struct OrderedList {
    const char* table;         // a table name from our own code, never user input
    const char* group_column;  // the column that says which list a row belongs to
    std::int64_t group_id;
};

// Rows in the list, not counting one taken out.
std::int64_t list_size(Connection& connection, const OrderedList& list);
// Makes room at wanted (clamped; nullopt: the end) and returns that position, where
// the caller then inserts or writes its row.
std::int64_t make_room(Connection& connection, const OrderedList& list, std::optional<std::int64_t> wanted);
// Takes row id (at position) out of the list, parked at -1, and closes its gap.
void take_out(Connection& connection, const OrderedList& list, std::int64_t id, std::int64_t position);
// Closes the gap a deleted row left at position.
void close_gap(Connection& connection, const OrderedList& list, std::int64_t position);

}  // namespace kl::storage
