#include "server/app/documents/document_moderation.hpp"

#include "protocol/fields.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/access/session_access.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/core/session_change.hpp"
#include "server/app/documents/document_access.hpp"
#include "server/app/documents/document_events.hpp"
#include "server/app/documents/document_json.hpp"
#include "storage/connection.hpp"
#include "storage/documents.hpp"

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

// Documents keep a rejected upload hidden (see the header).
std::string stored_state(const ModerationRule& rule) { return rule.to_state == "rejected" ? "hidden" : rule.to_state; }

}  // namespace

DocumentModeration::DocumentModeration(Services& services, Hub& hub) : services_(services), hub_(hub) {}

void DocumentModeration::act(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish,
                             const ModerationRule& rule) {
    auto document_id = protocol::id_value(protocol::required_id(request.params, "document"));
    auto reason = moderation_reason(request.params, rule);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), document_id, reason, &rule](storage::Connection& c,
                                                                   Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto document = require_document(c, caller, document_id, now).document;
            require_session(c, caller, document.session_id, SessionAction::moderate, now);
            if (!rule.applies_to(document.state))
                throw ProtocolError(ErrorCode::conflict, "Dit document is intussen al behandeld.",
                                    {{"document", document_json(c, document, caller.id, true)}});
            auto audience_before = document_audience(document);
            document.state = stored_state(rule);
            document.moderation_action = rule.name;
            document.moderation_reason = reason;
            document.moderated_by = caller.id;
            document.moderated_at = now;
            storage::update_document(c, document);
            refresh_attaching_post(c, document);
            if (document.state == "visible")  // approved or restored: every member sees it now
                record_document_event(c, change, document, caller, now,
                                      rule.name == "approve" ? "document.approved" : "document.added", false,
                                      document_audience(document));
            else
                record_document_end(c, change, document, caller, now, "document.removed", audience_before);
            audit_action(c, now, caller.id, "mod." + rule.name, AuditTarget{"document", document.id},
                         {document.session_id, "",
                          {{"reason", reason}, {"uploader", std::to_string(document.uploaded_by)}}});
            return {{"document", document_json(c, document, caller.id, true)}};
        },
        std::move(finish));
}

void DocumentModeration::approve(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    act(client, request, std::move(finish), moderation_rule("approve"));
}

void DocumentModeration::reject(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    act(client, request, std::move(finish), moderation_rule("reject"));
}

void DocumentModeration::hide(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    act(client, request, std::move(finish), moderation_rule("hide"));
}

void DocumentModeration::restore(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    act(client, request, std::move(finish), moderation_rule("restore"));
}

}  // namespace kl::app
