#include "server/app/board/board_verbs.hpp"

#include "protocol/fields.hpp"
#include "protocol/utf8.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/access/session_limits.hpp"
#include "server/app/access/thread_access.hpp"
#include "server/app/board/board_json.hpp"
#include "server/app/core/session_change.hpp"
#include "server/app/sessions/session_json.hpp"
#include "server/app/threads/post_events.hpp"
#include "storage/board.hpp"
#include "storage/connection.hpp"

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

constexpr std::size_t max_card_body = 10000;
// A card position is an index into its column; no column holds more than this.
constexpr std::int64_t max_card_position = 100000;

std::int64_t card_chars(const std::string& title, const std::string& body) {
    return static_cast<std::int64_t>(protocol::utf8_length(title) + protocol::utf8_length(body));
}

std::optional<std::int64_t> optional_id_value(const nlohmann::json& params, std::string_view key) {
    if (auto id = protocol::optional_id(params, key)) return protocol::id_value(*id);
    return std::nullopt;
}

storage::BoardColumn require_column(storage::Connection& c, std::int64_t column_id, std::int64_t session_id) {
    auto column = storage::find_column(c, column_id);
    if (!column || column->session_id != session_id) throw ProtocolError(ErrorCode::not_found, "Deze kolom bestaat niet.");
    return *column;
}

// A card event: the card, the new order of the columns it touched, and the post it
// quotes (so that hiding or redacting that post rewrites the quote in this event too).
// Moderators get the card with its people named; the gate hides the event from those
// who may not read the card (subject: when the card or its quoted post came to be).
struct CardForms {
    nlohmann::json everyone, moderators;
};
CardForms card_forms(storage::Connection& c, const storage::Card& card) { return {card_json(c, card), card_json(c, card, true)}; }

void record_card_event(storage::Connection& c, Change& change, const storage::User& actor, std::int64_t now,
                       const std::string& kind, const storage::Card& stored, const CardForms& forms,
                       std::initializer_list<std::int64_t> columns) {
    auto order = order_json(c, columns);
    EventDraft event(kind, {{"card", forms.everyone}, {"order", order}});
    event.moderator_payload = nlohmann::json{{"card", forms.moderators}, {"order", order}};
    event.post_id = stored.source_post;
    event.subject_at = stored.updated_at;
    if (auto source = storage::card_source(c, stored)) event.subject_at = std::min(stored.updated_at, source->created_at);
    record_event(c, change, stored.session_id, now, actor, std::move(event));
}

// The card a member changes: not found unless the gate lets them read it.
storage::Card require_card(storage::Connection& c, const SessionAccess& access, std::optional<storage::Card> card) {
    if (!card || !access.reader().may_read(*card, storage::card_source(c, *card)))
        throw ProtocolError(ErrorCode::not_found, "Deze kaart bestaat niet.");
    return *card;
}

void record_column_event(storage::Connection& c, Change& change, const storage::User& actor, std::int64_t now,
                         const std::string& kind, const storage::BoardColumn& column) {
    record_event(c, change, column.session_id, now, actor,
                 {kind, {{"column", column_json(column)}, {"columns", columns_order_json(c, column.session_id)}}});
}

// The column a moderator changes, at the version they saw (else conflict).
storage::BoardColumn column_to_change(storage::Connection& c, const storage::User& caller,
                                                     std::int64_t column_id, std::int64_t version, std::int64_t now) {
    auto column = storage::find_column(c, column_id);
    if (!column) throw ProtocolError(ErrorCode::not_found, "Deze kolom bestaat niet.");
    require_session(c, caller, column->session_id, SessionAction::moderate, now);
    if (version != column->version)
        throw ProtocolError(ErrorCode::conflict, "Iemand anders heeft deze kolom intussen gewijzigd.",
                            {{"column", column_json(*column)}});
    return *column;
}

// Refreshes the events of the post a card quotes (its on_board mark changed).
void refresh_source(storage::Connection& c, const storage::Card& card) {
    if (!card.source_post) return;
    if (auto post = storage::find_post(c, *card.source_post)) refresh_post_events(c, *post);
}

}  // namespace

void add_default_columns(storage::Connection& connection, std::int64_t session_id) {
    for (const auto* title : {"Achtergrondkennis", "Handelingsperspectieven", "Interventies",
                              "Samenwerking OOV en sociaal domein", "Open vragen"})
        storage::add_column(connection, session_id, title);
}

BoardVerbs::BoardVerbs(Services& services, Hub& hub) : services_(services), hub_(hub) {}

void BoardVerbs::card_create(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    const auto& params = request.params;
    auto session_id = protocol::id_value(protocol::required_id(params, "session"));
    auto column_id = protocol::id_value(protocol::required_id(params, "column"));
    storage::Card card;
    card.title = protocol::required_string(params, "title", 1, 200);
    card.body = protocol::optional_string(params, "body", 0, max_card_body, protocol::Text::multi_line).value_or("");
    card.source_post = optional_id_value(params, "source_post");
    auto position = protocol::optional_int(params, "position", 0, max_card_position);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), session_id, column_id, card, position](storage::Connection& c,
                                                                               Change& change) mutable -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto access = require_session(c, caller, session_id, SessionAction::add_card, now);
            require_column(c, column_id, session_id);
            require_room_for_card(c, services_.config.session_limits, session_id, card_chars(card.title, card.body));
            if (card.source_post) {
                // The board is read by every member, so only a post every member may
                // read can be quoted: visible, no whisper, in a thread that is not
                // pending; and the caller must be able to read it (from_join guests).
                auto post = storage::find_post(c, *card.source_post);
                auto thread = post ? storage::find_thread(c, post->thread_id) : std::nullopt;
                if (!post || post->session_id != session_id || !thread || thread->pending ||
                    !access.reader().may_read(*post) || !Reader{}.may_read(*post))
                    throw ProtocolError(ErrorCode::bad_request, "Alleen een zichtbaar bericht uit deze sessie kan op het kennisbord.");
            }
            card.session_id = session_id;
            card.column_id = column_id;
            card.created_by = card.updated_by = caller.id;
            card.created_at = card.updated_at = now;
            auto stored = storage::add_card(c, card, position);
            refresh_source(c, stored);
            record_card_event(c, change, caller, now, "card.created", stored, card_forms(c, stored), {column_id});
            return {{"card", card_json(c, stored, access.reader().sees_as_moderator())}};
        },
        std::move(finish));
}

void BoardVerbs::card_update(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    const auto& params = request.params;
    auto card_id = protocol::id_value(protocol::required_id(params, "card"));
    auto version = protocol::required_int(params, "version", 1, INT64_MAX);
    auto title = protocol::optional_string(params, "title", 1, 200);
    auto body = protocol::optional_string(params, "body", 0, max_card_body, protocol::Text::multi_line);
    auto column_id = optional_id_value(params, "column");
    auto position = protocol::optional_int(params, "position", 0, max_card_position);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), card_id, version, title, body, column_id, position](
            storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto found = storage::find_card(c, card_id);
            if (!found) throw ProtocolError(ErrorCode::not_found, "Deze kaart bestaat niet.");
            auto access = require_session(c, caller, found->session_id, SessionAction::add_card, now);
            auto card = std::optional(require_card(c, access, found));
            bool moderator_view = access.reader().sees_as_moderator();
            if (!reaches(card_edit_reach(*access.member, access.session), *access.member, card->created_by))
                throw ProtocolError(ErrorCode::forbidden, "Als deskundige wijzig je alleen je eigen kaarten.");
            if (version != card->version)
                throw ProtocolError(ErrorCode::conflict, "Iemand anders heeft deze kaart intussen gewijzigd.",
                                    {{"card", card_json(c, *card, moderator_view)}});
            auto from_column = card->column_id;
            auto to_column = column_id.value_or(from_column);
            if (to_column != from_column) require_column(c, to_column, card->session_id);
            auto chars_before = card_chars(card->title, card->body);
            if (title) card->title = *title;
            if (body) card->body = *body;
            require_room_for_card_text(c, services_.config.session_limits, card->session_id,
                                       card_chars(card->title, card->body) - chars_before);
            card->updated_by = caller.id;
            card->updated_at = now;
            storage::update_card(c, *card, to_column, position);
            if (from_column == to_column)
                record_card_event(c, change, caller, now, "card.updated", *card, card_forms(c, *card), {from_column});
            else
                record_card_event(c, change, caller, now, "card.updated", *card, card_forms(c, *card), {from_column, to_column});
            return {{"card", card_json(c, *card, moderator_view)}};
        },
        std::move(finish));
}

void BoardVerbs::card_delete(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto card_id = protocol::id_value(protocol::required_id(request.params, "card"));
    auto version = protocol::required_int(request.params, "version", 1, INT64_MAX);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), card_id, version](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto found = storage::find_card(c, card_id);
            if (!found) throw ProtocolError(ErrorCode::not_found, "Deze kaart bestaat niet.");
            auto access = require_session(c, caller, found->session_id, SessionAction::add_card, now);
            auto card = std::optional(require_card(c, access, found));
            bool moderator_view = access.reader().sees_as_moderator();
            if (!reaches(card_delete_reach(*access.member, access.session), *access.member, card->created_by))
                throw ProtocolError(ErrorCode::forbidden, "Alleen wie de kaart maakte of een moderator kan haar verwijderen.");
            if (version != card->version)
                throw ProtocolError(ErrorCode::conflict, "Iemand anders heeft deze kaart intussen gewijzigd.",
                                    {{"card", card_json(c, *card, moderator_view)}});
            auto forms = card_forms(c, *card);  // as it was: built before the deletion
            storage::delete_card(c, *card);
            refresh_source(c, *card);
            record_card_event(c, change, caller, now, "card.deleted", *card, forms, {card->column_id});
            return nlohmann::json::object();
        },
        std::move(finish));
}

void BoardVerbs::column_create(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    auto title = protocol::required_string(request.params, "title", 1, 100);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), session_id, title](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            require_session(c, caller, session_id, SessionAction::moderate, now);
            if (storage::list_columns(c, session_id).size() >= max_columns)
                throw ProtocolError(ErrorCode::too_large, "Het kennisbord heeft al 20 kolommen.");
            auto column = storage::add_column(c, session_id, title);
            record_column_event(c, change, caller, now, "column.created", column);
            return {{"column", column_json(column)}};
        },
        std::move(finish));
}

void BoardVerbs::column_update(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto column_id = protocol::id_value(protocol::required_id(request.params, "column"));
    auto version = protocol::required_int(request.params, "version", 1, INT64_MAX);
    auto title = protocol::optional_string(request.params, "title", 1, 100);
    auto position = protocol::optional_int(request.params, "position", 0, max_columns);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), column_id, version, title, position](storage::Connection& c,
                                                                            Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto column = column_to_change(c, caller, column_id, version, now);
            if (title) column.title = *title;
            storage::update_column(c, column, position.value_or(column.position));
            record_column_event(c, change, caller, now, "column.updated", column);
            return {{"column", column_json(column)}};
        },
        std::move(finish));
}

void BoardVerbs::column_delete(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto column_id = protocol::id_value(protocol::required_id(request.params, "column"));
    auto version = protocol::required_int(request.params, "version", 1, INT64_MAX);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), column_id, version](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto column = column_to_change(c, caller, column_id, version, now);
            if (storage::count_cards_in_column(c, column_id) > 0)
                throw ProtocolError(ErrorCode::conflict, "Verplaats of verwijder eerst de kaarten in deze kolom.",
                                    {{"column", column_json(column)}});
            storage::delete_column(c, column);
            record_column_event(c, change, caller, now, "column.deleted", column);
            return nlohmann::json::object();
        },
        std::move(finish));
}

}  // namespace kl::app
