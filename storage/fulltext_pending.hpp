#pragma once
// New and edited posts reach the search index once per transaction.
//
// FTS5 flushes its pending terms to a new index segment at every savepoint, and the
// writer wraps each job in one (storage/writer.hpp): indexing each post as it was
// written cost a segment per post, and the merges that follow. So the posts triggers
// (migration 17) only note the post in fulltext_pending, and the commit
// (Connection::commit) indexes every noted post in one statement first: the index and
// the posts still commit together, and a reader never sees one without the other.
#include "storage/connection.hpp"

namespace kl::storage {

// Indexes the noted posts with their current text and forgets the notes. Runs in the
// caller's transaction; cheap when nothing is noted.
void index_pending_posts(Connection& connection);

}  // namespace kl::storage
