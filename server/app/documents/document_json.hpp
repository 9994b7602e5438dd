#pragma once
// The wire form of a document (contract: "Documents"). Who uploaded it shows as the
// uploader chose to be attributed, as for a post: others see the organisation or its
// kind; the uploader and the moderators always see the person.
#include "storage/documents.hpp"

#include <nlohmann/json.hpp>

namespace kl::storage {
class Connection;
}

namespace kl::app {

// The document as viewer_id (a moderator when moderator) sees it. Decide with the
// Reader first whether they may see it at all.
nlohmann::json document_json(storage::Connection& connection, const storage::Document& document,
                             std::int64_t viewer_id, bool moderator);

}  // namespace kl::app
