#include "server/app/search/search_verbs.hpp"

#include "protocol/errors.hpp"
#include "protocol/fields.hpp"
#include "protocol/time.hpp"
#include "protocol/vocabulary.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/access/reader.hpp"
#include "server/app/access/session_access.hpp"
#include "server/app/access/thread_access.hpp"
#include "server/app/documents/document_json.hpp"
#include "server/app/sessions/session_json.hpp"
#include "server/app/threads/post_json.hpp"
#include "storage/board.hpp"
#include "storage/search.hpp"

#include <algorithm>

namespace kl::app {

namespace {

using storage::SearchKind;

// The hit as JSON. The row was found readable in the same read transaction.
nlohmann::json hit_json(storage::Connection& c, const storage::SearchRow& row, const Reader& reader) {
    nlohmann::json hit = {{"id", std::to_string(row.id)}, {"snippet", snippet_pieces(row.snippet)}};
    switch (row.kind) {
        case SearchKind::thread: {
            auto thread = storage::find_thread(c, row.id);
            hit.update({{"kind", "thread"},
                        {"thread", hit["id"]},
                        {"title", thread->title},
                        {"at", protocol::time_json(thread->created_at)}});
            break;
        }
        case SearchKind::post: {
            auto post = storage::find_post(c, row.id);
            auto thread = storage::find_thread(c, post->thread_id);
            auto author = storage::find_user(c, post->author_id).value_or(storage::User{});
            hit.update({{"kind", "post"},
                        {"thread", std::to_string(post->thread_id)},
                        {"title", thread->title},
                        {"author_label", reader.moderator ? author.display_name : author_label(*post, author)},
                        {"at", protocol::time_json(post->created_at)}});
            break;
        }
        case SearchKind::card: {
            auto card = storage::find_card(c, row.id);
            hit.update({{"kind", "card"},
                        {"column", std::to_string(card->column_id)},
                        {"title", card->title},
                        {"at", protocol::time_json(card->updated_at)}});
            break;
        }
        case SearchKind::note: {
            auto block = storage::find_block(c, row.id);
            hit.update({{"kind", "note"},
                        {"title", std::string(protocol::note_kind_label(block->kind))},
                        {"at", protocol::time_json(block->updated_at)}});
            break;
        }
        case SearchKind::document: {
            auto document = storage::find_document(c, row.id);
            hit.update({{"kind", "document"},
                        {"document", document_json(c, *document, reader.user_id, reader.sees_as_moderator())},
                        {"title", document->name},
                        {"at", protocol::time_json(document->at)}});
            if (document->thread_id) hit["thread"] = std::to_string(*document->thread_id);
            break;
        }
    }
    return hit;
}

// Whether reader may see the row's object (and, for a post, its thread).
bool readable(storage::Connection& c, SearchKind kind, std::int64_t id, const Reader& reader) {
    switch (kind) {
        case SearchKind::thread: {
            auto thread = storage::find_thread(c, id);
            return thread && reader.may_read(*thread);
        }
        case SearchKind::post: {
            auto post = storage::find_post(c, id);
            if (!post || !reader.may_read(*post)) return false;
            auto thread = storage::find_thread(c, post->thread_id);
            return thread && reader.may_see(*thread);
        }
        case SearchKind::card: {
            auto card = storage::find_card(c, id);
            return card && reader.may_read(*card, storage::card_source(c, *card));
        }
        case SearchKind::note: {
            auto block = storage::find_block(c, id);
            return block && reader.may_read(*block);
        }
        case SearchKind::document: {
            auto document = storage::find_document(c, id);
            return document && reader.may_see(*document);
        }
    }
    return false;
}

}  // namespace

nlohmann::json snippet_pieces(const std::string& snippet) {
    auto pieces = nlohmann::json::array();
    bool hit = false;
    std::string text;
    auto flush = [&] {
        if (!text.empty()) pieces.push_back({{"text", text}, {"hit", hit}});
        text.clear();
    };
    for (char ch : snippet) {
        if (ch == storage::hit_start || ch == storage::hit_end) {
            flush();
            hit = ch == storage::hit_start;
        } else {
            text += ch;
        }
    }
    flush();
    return pieces;
}

SearchVerbs::SearchVerbs(Services& services)
    : services_(services), rate_limit_(services.clock, {services.config.search_rate, services.config.search_burst}) {}

void SearchVerbs::forget_idle_connections() { rate_limit_.forget_refilled(); }

void SearchVerbs::search(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    // A bucket is keyed by the connection's address and outlives the connection by a few
    // seconds at most (forget_idle_connections); a new connection at the same address
    // within them starts with what is left of it, never with more than a new bucket.
    if (!rate_limit_.admit(client.get()))
        throw protocol::ProtocolError(protocol::ErrorCode::rate_limited,
                                      "Te veel zoekopdrachten achter elkaar. Wacht even en probeer het opnieuw.",
                                      {{"retry_after", 1}});
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    auto q = protocol::required_string(request.params, "q", 1, max_query);
    auto limit = protocol::optional_int(request.params, "limit", 1, max_limit).value_or(default_limit);
    run_read(
        services_.pool,
        [this, id = client->user_id(), session_id, q, limit](storage::Connection& c) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            // One read transaction: what was found readable is still there when described.
            return storage::in_read_transaction(c, [&]() -> nlohmann::json {
                auto access = require_session(c, caller, session_id, SessionAction::read, services_.now());
                auto reader = Reader::of(*access.member);
                auto hits = nlohmann::json::array();
                auto query = storage::fts_query(q);
                if (!query) return {{"hits", hits}};
                auto by_name = storage::search_document_names(
                    c, session_id, storage::query_words(q), static_cast<std::size_t>(limit),
                    [&](std::int64_t row_id) { return readable(c, SearchKind::document, row_id, reader); });
                std::vector<storage::SearchRow> rows = by_name;
                for (auto kind : {SearchKind::thread, SearchKind::post, SearchKind::card, SearchKind::note,
                                  SearchKind::document}) {
                    auto found = storage::search_session(
                        c, kind, session_id, *query, static_cast<std::size_t>(limit), [&](std::int64_t row_id) {
                            // A document found by its name is one hit, not two.
                            if (kind == SearchKind::document &&
                                std::any_of(by_name.begin(), by_name.end(), [&](const auto& r) { return r.id == row_id; }))
                                return false;
                            return readable(c, kind, row_id, reader);
                        });
                    rows.insert(rows.end(), found.begin(), found.end());
                }
                std::stable_sort(rows.begin(), rows.end(),
                                 [](const auto& a, const auto& b) { return a.rank < b.rank; });
                if (rows.size() > static_cast<std::size_t>(limit)) rows.resize(static_cast<std::size_t>(limit));
                for (const auto& row : rows) hits.push_back(hit_json(c, row, reader));
                return {{"hits", hits}};
            });
        },
        std::move(finish));
}

}  // namespace kl::app
