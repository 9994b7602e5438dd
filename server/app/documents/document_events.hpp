#pragma once
// Events about documents. Each names its audience from the document's state and its
// subject time (the upload), so that the hub and a replay let the gate (Reader::may_see
// of the stored event) decide per viewer, as for posts: a pending upload reaches the
// moderators and the uploader, a hidden one the moderators, and a from_join guest
// nothing about a document from before joining.
#include "server/app/core/session_change.hpp"
#include "storage/documents.hpp"

namespace kl::app {

// Who may see document as it is now (the event audience the gate checks).
Audience document_audience(const storage::Document& document);

// Records kind (document.added, document.pending, document.approved, document.updated)
// carrying the whole document: members get it attributed as the uploader chose,
// moderators with the person. by_uploader: the uploader caused it, so the actor is
// shown the same way.
void record_document_event(storage::Connection& connection, Change& change, const storage::Document& document,
                           const storage::User& actor, std::int64_t now, const std::string& kind, bool by_uploader,
                           Audience audience);

// Records kind (document.removed, document.redacted) for audience, those who could
// see the document before: members get only {"id","state"}; moderators the whole
// document while it is still theirs to see (a hidden one), else the same.
void record_document_end(storage::Connection& connection, Change& change, const storage::Document& document,
                         const storage::User& actor, std::int64_t now, const std::string& kind, Audience audience);

// A document attached to a post is part of the post's form in its stored events: after
// the document changed state they are rewritten (threads/post_events.hpp), so that a
// replay shows the post's attachments as they are now.
void refresh_attaching_post(storage::Connection& connection, const storage::Document& document);

}  // namespace kl::app
