#include "server/app/documents/document_json.hpp"

#include "protocol/time.hpp"
#include "server/app/threads/post_json.hpp"
#include "storage/documents.hpp"
#include "storage/users.hpp"

namespace kl::app {

nlohmann::json document_json(storage::Connection& connection, const storage::Document& document,
                             std::int64_t viewer_id, bool moderator) {
    auto uploader = storage::find_user(connection, document.uploaded_by).value_or(storage::User{});
    bool shows_person = document.attribution == "named" || moderator || viewer_id == document.uploaded_by;
    nlohmann::json json = {
        {"id", std::to_string(document.id)},
        {"session", std::to_string(document.session_id)},
        {"name", document.name},
        {"type", document.type},
        {"size", document.size},
        {"sha256", document.sha256},
        {"state", document.state},
        {"uploaded_by", shows_person ? nlohmann::json{{"id", std::to_string(uploader.id)}, {"display_name", uploader.display_name}}
                                     : nlohmann::json{{"id", nullptr}, {"display_name", attribution_label(document.attribution, uploader)}}},
        {"attribution", document.attribution},
        {"at", protocol::time_json(document.at)},
        {"mine", viewer_id == document.uploaded_by},
    };
    if (document.thread_id) json["thread"] = std::to_string(*document.thread_id);
    if (document.post_id) json["post"] = std::to_string(*document.post_id);
    if (document.pages) json["pages"] = *document.pages;
    if (storage::document_has_thumbnail(connection, document.id)) json["thumbnail"] = true;
    return json;
}

}  // namespace kl::app
