#include "server/app/board/board_json.hpp"

#include "protocol/time.hpp"
#include "server/app/sessions/session_json.hpp"
#include "server/app/threads/post_json.hpp"
#include "storage/threads.hpp"
#include "storage/users.hpp"

namespace kl::app {

nlohmann::json column_json(const storage::BoardColumn& column) {
    return {{"id", std::to_string(column.id)},
            {"session", std::to_string(column.session_id)},
            {"title", column.title},
            {"position", column.position},
            {"version", column.version}};
}

nlohmann::json source_post_json(storage::Connection& connection, const storage::Post& post) {
    auto author = storage::find_user(connection, post.author_id).value_or(storage::User{});
    auto thread = storage::find_thread(connection, post.thread_id);
    nlohmann::json json = {{"id", std::to_string(post.id)},
                           {"thread", std::to_string(post.thread_id)},
                           {"thread_title", thread ? thread->title : ""},
                           {"state", post.state},
                           {"author_label", author_label(post, author)}};
    if (post.state == "visible" && !post.whisper) json["quote"] = post.body;
    return json;
}

namespace {

// Who made or changed a card, as the wire shows them (see card_json).
nlohmann::json card_person(storage::Connection& connection, std::optional<std::int64_t> user_id,
                           const std::optional<storage::Post>& source, bool moderator_view) {
    if (!moderator_view && user_id && source && source->author_id == *user_id && source->attribution != "named") {
        auto author = storage::find_user(connection, *user_id).value_or(storage::User{});
        return {{"id", nullptr}, {"display_name", author_label(*source, author)}};
    }
    return user_ref(connection, user_id);
}

}  // namespace

nlohmann::json card_json(storage::Connection& connection, const storage::Card& card, bool moderator_view) {
    auto post = storage::card_source(connection, card);
    nlohmann::json source = post ? source_post_json(connection, *post) : nlohmann::json(nullptr);
    return {{"id", std::to_string(card.id)},
            {"session", std::to_string(card.session_id)},
            {"column", std::to_string(card.column_id)},
            {"title", card.title},
            {"body", card.body},
            {"position", card.position},
            {"version", card.version},
            {"created_by", card_person(connection, card.created_by, post, moderator_view)},
            {"created_at", protocol::time_json(card.created_at)},
            {"updated_by", card_person(connection, card.updated_by, post, moderator_view)},
            {"updated_at", protocol::time_json(card.updated_at)},
            {"source_post", source}};
}

nlohmann::json order_json(storage::Connection& connection, std::initializer_list<std::int64_t> column_ids) {
    auto order = nlohmann::json::object();
    for (auto column_id : column_ids) {
        auto ids = nlohmann::json::array();
        for (auto id : storage::card_order(connection, column_id)) ids.push_back(std::to_string(id));
        order[std::to_string(column_id)] = ids;
    }
    return order;
}

nlohmann::json columns_order_json(storage::Connection& connection, std::int64_t session_id) {
    auto ids = nlohmann::json::array();
    for (const auto& column : storage::list_columns(connection, session_id)) ids.push_back(std::to_string(column.id));
    return ids;
}

nlohmann::json board_json(storage::Connection& connection, std::int64_t session_id, const Reader& reader) {
    auto columns = nlohmann::json::array();
    for (const auto& column : storage::list_columns(connection, session_id)) columns.push_back(column_json(column));
    auto cards = nlohmann::json::array();
    for (const auto& card : storage::list_cards(connection, session_id))
        if (reader.may_read(card, storage::card_source(connection, card)))
            cards.push_back(card_json(connection, card, reader.sees_as_moderator()));
    return {{"columns", columns}, {"cards", cards}};
}

}  // namespace kl::app
