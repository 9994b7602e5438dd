#pragma once
// Answering an erasure only when the erased text is gone from every file, without
// holding the writer for long.
//
// A redaction, a removed document and a retitled thread delete rows whose tokens FTS5
// keeps in older index segments until they are merged (storage/fulltext_merge.hpp).
// The change itself commits in one short job and its events go out at once; its
// answer waits: after it, short merge jobs run on the writer, each between other
// writes, until the named indexes hold nothing of deleted rows; the last one notes the
// erasure, so the writer truncates the WAL before it, and only then the caller hears
// that the change is done. Everyone else's writes go on meanwhile.
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"

#include <string>
#include <vector>

namespace kl::app {

// finish, deferred until indexes are merged and the WAL is truncated. A change that
// failed is answered at once; a merge that fails answers with its error (the change
// stands, and the next erasure merges on).
Finish after_erasure_is_gone(Services& services, std::vector<std::string> indexes, Finish finish);

}  // namespace kl::app
