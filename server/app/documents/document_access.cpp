#include "server/app/documents/document_access.hpp"

#include "protocol/errors.hpp"
#include "server/app/access/session_access.hpp"

namespace kl::app {

DocumentAccess require_document(storage::Connection& connection, const storage::User& caller, std::int64_t document_id,
                                std::int64_t now) {
    auto document = storage::find_document(connection, document_id);
    protocol::ProtocolError missing(protocol::ErrorCode::not_found, "Dit document bestaat niet.");
    if (!document) throw missing;
    auto access = require_session(connection, caller, document->session_id, SessionAction::read, now);
    auto reader = access.reader();
    if (!reader.may_see(*document)) throw missing;  // also: redacted or deleted
    return {*document, reader};
}

}  // namespace kl::app
