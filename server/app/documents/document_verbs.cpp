#include "server/app/documents/document_verbs.hpp"

#include "protocol/fields.hpp"
#include "protocol/paging.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/access/session_access.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/core/erasure_answer.hpp"
#include "server/app/core/session_change.hpp"
#include "server/app/documents/document_access.hpp"
#include "server/app/documents/document_events.hpp"
#include "server/app/documents/document_json.hpp"
#include "storage/connection.hpp"
#include "storage/documents.hpp"
#include "storage/fulltext_merge.hpp"

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

DocumentVerbs::DocumentVerbs(Services& services, Hub& hub) : services_(services), hub_(hub) {}

void DocumentVerbs::remove(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto id = protocol::id_value(protocol::required_id(request.params, "document"));
    erase(client, id, "document.delete", std::nullopt, std::move(finish));
}

void DocumentVerbs::redact(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto id = protocol::id_value(protocol::required_id(request.params, "document"));
    auto reason = protocol::required_string(request.params, "reason", 1, 500, protocol::Text::multi_line);
    erase(client, id, "mod.redact_document", reason, std::move(finish));
}

void DocumentVerbs::erase(const std::shared_ptr<Client>& client, std::int64_t document_id, const std::string& verb,
                          const std::optional<std::string>& reason, Finish finish) {
    const bool redaction = verb == "mod.redact_document";
    run_change(
        services_, hub_,
        [this, id = client->user_id(), document_id, verb, reason, redaction](storage::Connection& c,
                                                                            Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto found = require_document(c, caller, document_id, now);
            auto& document = found.document;
            const auto& reader = found.reader;
            // Redaction: moderators. Deleting: the uploader (while they may post) or a moderator.
            bool own = document.uploaded_by == caller.id;
            auto action = redaction || !own ? SessionAction::moderate : SessionAction::post;
            require_session(c, caller, document.session_id, action, now);
            // Who saw the document in the state it had: the event about its end reaches them.
            auto audience = document_audience(document);
            storage::erase_document_content(c, document.id);
            document.state = redaction ? "redacted" : "deleted";
            if (redaction) {
                document.moderation_action = "redact";
                document.moderation_reason = reason;
                document.moderated_by = caller.id;
                document.moderated_at = now;
            }
            storage::update_document(c, document);
            refresh_attaching_post(c, document);
            record_document_end(c, change, document, caller, now, redaction ? "document.redacted" : "document.removed",
                                audience);
            nlohmann::json detail = nlohmann::json::object();
            if (reason) detail["reason"] = *reason;
            audit_action(c, now, caller.id, verb, AuditTarget{"document", document.id},
                         {document.session_id, "", detail});
            return {{"document", document_json(c, document, caller.id, reader.sees_as_moderator())}};
        },
        after_erasure_is_gone(services_, {storage::documents_index}, std::move(finish)));
}

void DocumentVerbs::list(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    const auto paging = protocol::page_params(request.params, default_limit, max_limit);
    const auto before = paging.before;
    const auto limit = paging.limit;
    run_read(
        services_.pool,
        [this, id = client->user_id(), session_id, before, limit](storage::Connection& c) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            return storage::in_read_transaction(c, [&]() -> nlohmann::json {
                auto access = require_session(c, caller, session_id, SessionAction::read, services_.now());
                auto reader = access.reader();
                // The query narrows as the gate would; the gate still decides each row.
                storage::DocumentFilter filter{reader.sees_as_moderator(), reader.user_id, reader.history_from};
                auto page = storage::page_documents(c, session_id, before, limit + 1, filter);
                bool has_more = protocol::take_page(page, limit);
                auto documents = nlohmann::json::array();
                for (const auto& document : page)
                    if (reader.may_see(document))
                        documents.push_back(document_json(c, document, reader.user_id, reader.sees_as_moderator()));
                return {{"documents", documents},
                        {"has_more", has_more},
                        {"next_before", has_more ? nlohmann::json(std::to_string(page.back().id)) : nullptr}};
            });
        },
        std::move(finish));
}

}  // namespace kl::app
