#pragma once
// The knowledge board of a session: columns and the cards in them. Positions are dense
// (0, 1, 2, …) within a column, and columns within a session; every function that
// inserts, moves or removes renumbers the neighbours in the same transaction, so
// concurrent moves (serialised by the writer) never leave gaps, duplicates or lost cards.
#include "storage/posts.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kl::storage {

class Connection;

struct BoardColumn {
    std::int64_t id = 0;
    std::int64_t session_id = 0;
    std::string title;
    std::int64_t position = 0;
    std::int64_t version = 1;
};

struct Card {
    std::int64_t id = 0;
    std::int64_t session_id = 0;
    std::int64_t column_id = 0;
    std::string title;
    std::string body;
    std::int64_t position = 0;
    std::int64_t version = 1;
    std::optional<std::int64_t> source_post;
    std::int64_t created_by = 0;
    std::int64_t created_at = 0;
    std::int64_t updated_by = 0;
    std::int64_t updated_at = 0;
};

// Columns of a session in order.
std::vector<BoardColumn> list_columns(Connection& connection, std::int64_t session_id);
std::optional<BoardColumn> find_column(Connection& connection, std::int64_t id);
// Appends a column at the end and returns it.
BoardColumn add_column(Connection& connection, std::int64_t session_id, const std::string& title);
// Sets title and moves the column to position (clamped), renumbering the others;
// increments the version.
void update_column(Connection& connection, BoardColumn& column, std::int64_t position);
void delete_column(Connection& connection, const BoardColumn& column);
int count_cards_in_column(Connection& connection, std::int64_t column_id);

// Cards of a session, by column position and card position.
std::vector<Card> list_cards(Connection& connection, std::int64_t session_id);
std::optional<Card> find_card(Connection& connection, std::int64_t id);
int count_cards(Connection& connection, std::int64_t session_id);
// The characters of every card's title and body in session (the board's size limit).
std::int64_t board_text_chars(Connection& connection, std::int64_t session_id);
// Inserts card at position in its column (nullopt or past the end: at the end).
Card add_card(Connection& connection, Card card, std::optional<std::int64_t> position);
// Writes title and body, moves the card to column/position (nullopt: the end when the
// column changes, else where it is), renumbers both columns, increments the version.
void update_card(Connection& connection, Card& card, std::int64_t column_id, std::optional<std::int64_t> position);
void delete_card(Connection& connection, const Card& card);
// Card ids of a column in order.
std::vector<std::int64_t> card_order(Connection& connection, std::int64_t column_id);
bool post_on_board(Connection& connection, std::int64_t post_id);
// The post card quotes, when it has one that still exists.
std::optional<Post> card_source(Connection& connection, const Card& card);

}  // namespace kl::storage
