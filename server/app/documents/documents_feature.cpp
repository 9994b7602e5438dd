#include "server/app/documents/documents_feature.hpp"

#include "server/app/documents/document_transfer.hpp"
#include "server/app/documents/document_verbs.hpp"

namespace kl::app {

void register_documents(Features& features) {
    auto& transfer = features.keep<DocumentTransfer>(features.services);
    features.routes.add_upload("/api/sessions/{}/documents",
                               [&transfer](const HttpRequest& request, const std::string& session_id, Respond respond) {
                                   transfer.upload(request, session_id, std::move(respond));
                               });
    features.routes.add("GET", "/api/documents/{}",
                        [&transfer](const HttpRequest& request, const std::string& document_id, Respond respond) {
                            transfer.download(request, document_id, std::move(respond));
                        });
    features.at_shutdown([&transfer] { transfer.stop(); });
    auto& verbs = features.keep<DocumentVerbs>(features.services, features.hub);
    features.verbs.add("document.list", verbs, &DocumentVerbs::list);
    features.verbs.add("document.delete", verbs, &DocumentVerbs::remove);
    features.verbs.add("mod.redact_document", verbs, &DocumentVerbs::redact);
}

}  // namespace kl::app
