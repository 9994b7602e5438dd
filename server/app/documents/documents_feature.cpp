#include "server/app/documents/documents_feature.hpp"

#include "server/app/documents/document_moderation.hpp"
#include "server/app/documents/document_transfer.hpp"
#include "server/app/documents/document_verbs.hpp"

namespace kl::app {

void register_documents(Features& features) {
    auto& processing = features.keep<DocumentProcessing>(features.services, features.hub);
    features.every_second([&processing] { processing.sweep(); });
    auto& transfer = features.keep<DocumentTransfer>(features.services, features.hub, processing);
    features.routes.add_upload("/api/sessions/{}/documents",
                               [&transfer](const HttpRequest& request, const std::string& session_id, Respond respond) {
                                   transfer.upload(request, session_id, std::move(respond));
                               });
    features.routes.add("GET", "/api/documents/{}",
                        [&transfer](const HttpRequest& request, const std::string& document_id, Respond respond) {
                            transfer.download(request, document_id, std::move(respond));
                        });
    features.routes.add("GET", "/api/documents/{}/thumbnail",
                        [&transfer](const HttpRequest& request, const std::string& document_id, Respond respond) {
                            transfer.thumbnail(request, document_id, std::move(respond));
                        });
    features.at_shutdown([&transfer, &processing] {
        processing.stop();
        transfer.stop();
    });
    auto& verbs = features.keep<DocumentVerbs>(features.services, features.hub);
    features.verbs.add("document.list", verbs, &DocumentVerbs::list);
    features.verbs.add("document.delete", verbs, &DocumentVerbs::remove);
    features.verbs.add("mod.redact_document", verbs, &DocumentVerbs::redact);
    // The posts' moderation verbs (threads/) take "document" in place of "post".
    auto& moderation = features.keep<DocumentModeration>(features.services, features.hub);
    features.verbs.widen("mod.approve", "document", moderation, &DocumentModeration::approve);
    features.verbs.widen("mod.reject", "document", moderation, &DocumentModeration::reject);
    features.verbs.widen("mod.hide", "document", moderation, &DocumentModeration::hide);
    features.verbs.widen("mod.restore", "document", moderation, &DocumentModeration::restore);
}

}  // namespace kl::app
