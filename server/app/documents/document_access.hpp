#pragma once
// The document a verb acts on, with the caller's view of its session: not_found for no
// document and for one the gate keeps from the caller (the same answer for both, so
// nothing is learnt); forbidden when the caller is no member. The right to the action
// itself (moderate, post) the verb checks after.
#include "server/app/access/reader.hpp"
#include "storage/documents.hpp"
#include "storage/users.hpp"

namespace kl::storage {
class Connection;
}

namespace kl::app {

struct DocumentAccess {
    storage::Document document;
    Reader reader;
};

DocumentAccess require_document(storage::Connection& connection, const storage::User& caller, std::int64_t document_id,
                                std::int64_t now);

}  // namespace kl::app
