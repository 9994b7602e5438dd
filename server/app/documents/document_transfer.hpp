#pragma once
// Upload and download of documents over HTTP (contract: "Documents").
//
// POST /api/sessions/{id}/documents?name=FILE&thread=ID&attribution=A: the network
// edge has spooled the raw body to a nameless file as it arrived (never whole in
// memory, at most --max-upload-mb, 413 beyond). Here, on a pool of its own (one
// thread, a short queue: 429 beyond, so uploads never hold up members' reads), the
// caller is checked through the shared posting rules, the type is recognised by
// content (document_type; 415), the bytes are hashed, and the writer stores them in
// chunks with the session's limits checked (too_large) and the upload audited. An
// expert's upload in a premoderated session starts pending. The upload is an event:
// document.added (a visible one) or document.pending (moderators and the uploader).
// A stored PDF is then inspected (document_processing), after the answer.
//
// GET /api/documents/{id}: for a member the visibility gate lets see it (else 404,
// as for a document that does not exist), audited before any byte leaves, then sent
// in chunks read one short read at a time, as an attachment with nosniff and a
// sandbox CSP, so that a file can never run script in the application's origin.
#include "server/app/core/blocking_pool.hpp"
#include "server/app/core/services.hpp"
#include "server/app/documents/document_processing.hpp"
#include "server/app/http/http_types.hpp"
#include "server/app/realtime/hub.hpp"

#include <string>

namespace kl::app {

class DocumentTransfer {
public:
    // processing: where a stored PDF goes to be inspected.
    DocumentTransfer(Services& services, Hub& hub, DocumentProcessing& processing);

    void upload(const HttpRequest& request, const std::string& session_id, Respond respond);
    void download(const HttpRequest& request, const std::string& document_id, Respond respond);
    // GET /api/documents/{id}/thumbnail: the first page as PNG, gated as the download.
    void thumbnail(const HttpRequest& request, const std::string& document_id, Respond respond);
    void stop() { pool_.stop(); }

private:
    Services& services_;
    Hub& hub_;
    DocumentProcessing& processing_;
    BlockingPool pool_;  // type checks, hashing and download chunks: off the socket threads
};

// The value of key in an URL query (percent-decoded, '+' as space); nullopt when absent.
std::optional<std::string> query_value(std::string_view query, std::string_view key);

}  // namespace kl::app
