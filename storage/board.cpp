#include "storage/board.hpp"

#include "storage/connection.hpp"
#include "storage/dense_order.hpp"


namespace kl::storage {

namespace {

constexpr const char* column_columns = "id, session_id, title, position, version";

BoardColumn read_column(const Statement& row) {
    return {row.int64(0), row.int64(1), row.text(2), row.int64(3), row.int64(4)};
}

constexpr const char* card_columns =
    "c.id, c.session_id, c.column_id, c.title, c.body, c.position, c.version, c.source_post, c.created_by, "
    "c.created_at, c.updated_by, c.updated_at";

Card read_card(const Statement& row) {
    Card c;
    c.id = row.int64(0);
    c.session_id = row.int64(1);
    c.column_id = row.int64(2);
    c.title = row.text(3);
    c.body = row.text(4);
    c.position = row.int64(5);
    c.version = row.int64(6);
    c.source_post = row.optional_int64(7);
    c.created_by = row.int64(8);
    c.created_at = row.int64(9);
    c.updated_by = row.int64(10);
    c.updated_at = row.int64(11);
    return c;
}

std::int64_t scalar(Statement&& statement) {
    statement.step();
    return statement.int64(0);
}

OrderedList cards_of(std::int64_t column_id) { return {"cards", "column_id", column_id}; }
OrderedList columns_of(std::int64_t session_id) { return {"board_columns", "session_id", session_id}; }

}  // namespace

std::vector<BoardColumn> list_columns(Connection& connection, std::int64_t session_id) {
    auto statement = connection.prepare(std::string("SELECT ") + column_columns +
                                        " FROM board_columns WHERE session_id = ? ORDER BY position");
    statement.bind(1, session_id);
    std::vector<BoardColumn> columns;
    while (statement.step()) columns.push_back(read_column(statement));
    return columns;
}

std::optional<BoardColumn> find_column(Connection& connection, std::int64_t id) {
    auto statement = connection.prepare(std::string("SELECT ") + column_columns + " FROM board_columns WHERE id = ?");
    statement.bind(1, id);
    if (!statement.step()) return std::nullopt;
    return read_column(statement);
}

BoardColumn add_column(Connection& connection, std::int64_t session_id, const std::string& title) {
    auto position = make_room(connection, columns_of(session_id), std::nullopt);
    connection.prepare("INSERT INTO board_columns (session_id, title, position) VALUES (?, ?, ?)")
        .bind(1, session_id)
        .bind(2, title)
        .bind(3, position)
        .run();
    return *find_column(connection, connection.last_insert_id());
}

void update_column(Connection& connection, BoardColumn& column, std::int64_t position) {
    if (position != column.position) {
        take_out(connection, columns_of(column.session_id), column.id, column.position);
        column.position = make_room(connection, columns_of(column.session_id), position);
    }
    ++column.version;
    connection.prepare("UPDATE board_columns SET title = ?, position = ?, version = ? WHERE id = ?")
        .bind(1, column.title)
        .bind(2, column.position)
        .bind(3, column.version)
        .bind(4, column.id)
        .run();
}

void delete_column(Connection& connection, const BoardColumn& column) {
    connection.prepare("DELETE FROM board_columns WHERE id = ?").bind(1, column.id).run();
    close_gap(connection, columns_of(column.session_id), column.position);
}

int count_cards_in_column(Connection& connection, std::int64_t column_id) {
    return static_cast<int>(
        scalar(std::move(connection.prepare("SELECT count(*) FROM cards WHERE column_id = ?").bind(1, column_id))));
}

std::vector<Card> list_cards(Connection& connection, std::int64_t session_id) {
    auto statement = connection.prepare(std::string("SELECT ") + card_columns +
                                        " FROM cards c JOIN board_columns k ON k.id = c.column_id "
                                        "WHERE c.session_id = ? ORDER BY k.position, c.position");
    statement.bind(1, session_id);
    std::vector<Card> cards;
    while (statement.step()) cards.push_back(read_card(statement));
    return cards;
}

std::optional<Card> find_card(Connection& connection, std::int64_t id) {
    auto statement = connection.prepare(std::string("SELECT ") + card_columns + " FROM cards c WHERE c.id = ?");
    statement.bind(1, id);
    if (!statement.step()) return std::nullopt;
    return read_card(statement);
}

int count_cards(Connection& connection, std::int64_t session_id) {
    return static_cast<int>(
        scalar(std::move(connection.prepare("SELECT count(*) FROM cards WHERE session_id = ?").bind(1, session_id))));
}

std::int64_t board_text_chars(Connection& connection, std::int64_t session_id) {
    return scalar(std::move(
        connection.prepare("SELECT coalesce(sum(length(title) + length(body)), 0) FROM cards WHERE session_id = ?")
            .bind(1, session_id)));
}

Card add_card(Connection& connection, Card card, std::optional<std::int64_t> position) {
    card.position = make_room(connection, cards_of(card.column_id), position);
    connection
        .prepare(
            "INSERT INTO cards (session_id, column_id, title, body, position, source_post, created_by, created_at, "
            "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, card.session_id)
        .bind(2, card.column_id)
        .bind(3, card.title)
        .bind(4, card.body)
        .bind(5, card.position)
        .bind(6, card.source_post)
        .bind(7, card.created_by)
        .bind(8, card.created_at)
        .bind(9, card.updated_by)
        .bind(10, card.updated_at)
        .run();
    return *find_card(connection, connection.last_insert_id());
}

void update_card(Connection& connection, Card& card, std::int64_t column_id, std::optional<std::int64_t> position) {
    bool moves_column = column_id != card.column_id;
    if (moves_column || position) {
        take_out(connection, cards_of(card.column_id), card.id, card.position);
        card.position = make_room(connection, cards_of(column_id), position);
        card.column_id = column_id;
    }
    ++card.version;
    connection
        .prepare(
            "UPDATE cards SET column_id = ?, title = ?, body = ?, position = ?, version = ?, updated_by = ?, "
            "updated_at = ? WHERE id = ?")
        .bind(1, card.column_id)
        .bind(2, card.title)
        .bind(3, card.body)
        .bind(4, card.position)
        .bind(5, card.version)
        .bind(6, card.updated_by)
        .bind(7, card.updated_at)
        .bind(8, card.id)
        .run();
}

void delete_card(Connection& connection, const Card& card) {
    connection.prepare("DELETE FROM cards WHERE id = ?").bind(1, card.id).run();
    close_gap(connection, cards_of(card.column_id), card.position);
}

std::vector<std::int64_t> card_order(Connection& connection, std::int64_t column_id) {
    auto statement = connection.prepare("SELECT id FROM cards WHERE column_id = ? ORDER BY position");
    statement.bind(1, column_id);
    std::vector<std::int64_t> ids;
    while (statement.step()) ids.push_back(statement.int64(0));
    return ids;
}

bool post_on_board(Connection& connection, std::int64_t post_id) {
    auto statement = connection.prepare("SELECT 1 FROM cards WHERE source_post = ? LIMIT 1");
    statement.bind(1, post_id);
    return statement.step();
}

std::optional<Post> card_source(Connection& connection, const Card& card) {
    if (!card.source_post) return std::nullopt;
    return find_post(connection, *card.source_post);
}

}  // namespace kl::storage
