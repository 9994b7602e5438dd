#include "server/app/documents/document_events.hpp"

#include "server/app/documents/document_json.hpp"
#include "server/app/threads/post_events.hpp"
#include "storage/posts.hpp"

namespace kl::app {

Audience document_audience(const storage::Document& document) {
    if (document.state == "pending") return Audience::moderators_and(document.uploaded_by);
    if (document.state == "visible") return Audience::everyone();
    return Audience::moderators();  // hidden; a redacted or deleted one has no audience left
}

void record_document_event(storage::Connection& connection, Change& change, const storage::Document& document,
                           const storage::User& actor, std::int64_t now, const std::string& kind, bool by_uploader,
                           Audience audience) {
    // Viewer 0: the shared forms stored in the event ("mine" false for everyone).
    auto members_form = document_json(connection, document, 0, false);
    auto moderators_form = document_json(connection, document, 0, true);
    EventDraft draft(kind, {{"document", members_form}}, std::move(audience));
    draft.subject_at = document.at;
    draft.moderator_payload = nlohmann::json{{"document", moderators_form}};
    if (by_uploader) {
        draft.payload["actor"] = members_form["uploaded_by"];
        (*draft.moderator_payload)["actor"] = moderators_form["uploaded_by"];
    }
    record_event(connection, change, document.session_id, now, actor, std::move(draft));
}

void record_document_end(storage::Connection& connection, Change& change, const storage::Document& document,
                         const storage::User& actor, std::int64_t now, const std::string& kind, Audience audience) {
    EventDraft draft(kind, {{"document", {{"id", std::to_string(document.id)}, {"state", document.state}}}},
                     std::move(audience));
    draft.subject_at = document.at;
    if (document.state == "hidden") draft.moderator_payload = nlohmann::json{{"document", document_json(connection, document, 0, true)}};
    record_event(connection, change, document.session_id, now, actor, std::move(draft));
}

void refresh_attaching_post(storage::Connection& connection, const storage::Document& document) {
    if (!document.post_id) return;
    if (auto post = storage::find_post(connection, *document.post_id)) refresh_post_events(connection, *post);
}

}  // namespace kl::app
