#pragma once
// Wire forms of the knowledge board: columns, cards and the post a card was made from.
#include "server/app/access/reader.hpp"
#include "storage/board.hpp"
#include "storage/posts.hpp"

#include <nlohmann/json.hpp>

#include <optional>

namespace kl::storage {
class Connection;
}

namespace kl::app {

nlohmann::json column_json(const storage::BoardColumn& column);
// The card with its creator, last editor and source post looked up. A card made from
// its creator's own post without their name shows that person as the post does
// (else the card would name whom the post hides); moderators see the person, as they
// see every post's author.
nlohmann::json card_json(storage::Connection& connection, const storage::Card& card, bool moderator_view = false);
// {id, thread, thread_title, state, author_label, quote}: quote only while the post is
// visible to everyone, so hiding or redacting the post takes its text off the board.
nlohmann::json source_post_json(storage::Connection& connection, const storage::Post& post);
// {"<column id>": [card id…]} for each of the given columns.
nlohmann::json order_json(storage::Connection& connection, std::initializer_list<std::int64_t> column_ids);
// [column id…] of the session in order.
nlohmann::json columns_order_json(storage::Connection& connection, std::int64_t session_id);
// {"columns":[…],"cards":[…]} for session.state: the cards reader may read.
nlohmann::json board_json(storage::Connection& connection, std::int64_t session_id, const Reader& reader);

}  // namespace kl::app
