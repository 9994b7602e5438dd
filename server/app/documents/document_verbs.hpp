#pragma once
// The documents' WebSocket verbs: `document.list {session, before?, limit?}` (the
// documents the caller may see, the Reader deciding each, newest first, in pages),
// `document.delete {document}` (its uploader or a moderator) and
// `mod.redact_document {document, reason}` (a moderator). Both of the latter erase the
// bytes and everything derived from them for good (storage::erase_document_content;
// the writer truncates the WAL before the answer) and keep the row with its name for
// the audit trail.
#include "protocol/envelope.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"
#include "server/app/realtime/hub.hpp"

#include <memory>

namespace kl::app {

class DocumentVerbs {
public:
    DocumentVerbs(Services& services, Hub& hub);

    void list(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void remove(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void redact(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

    static constexpr int max_limit = 100;
    static constexpr int default_limit = 50;

private:
    // Erases the document's content and records kind (document.removed or
    // document.redacted) for those who saw it; the common part of remove and redact.
    void erase(const std::shared_ptr<Client>& client, std::int64_t document_id, const std::string& verb,
               const std::optional<std::string>& reason, Finish finish);

    Services& services_;
    Hub& hub_;
};

}  // namespace kl::app
