#pragma once
// Removing what FTS5 keeps of deleted rows, without holding the writer for long.
//
// An FTS5 delete (the triggers that keep posts_fts and the others in step with their
// tables) only adds a tombstone: the deleted row's tokens stay in the older index
// segments until those are merged. An erasure must not leave them in the file, but
// FTS5's 'optimize' rewrites the whole index in one statement, which on a server with
// 100,000 posts holds the writer for seconds. FTS5's incremental 'merge' does the same
// work in steps of a few pages; merge_fulltext runs steps until a time budget is spent
// and says whether the indexes are clean, so that callers run it as many short writer
// jobs (the retention eraser, the user eraser, the erasures a moderator asks for).
#include "storage/connection.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace kl::storage {

// The full-text indexes of the schema. An erasure names the ones it touched.
inline constexpr const char* posts_index = "posts_fts";
inline constexpr const char* threads_index = "threads_fts";
inline constexpr const char* cards_index = "cards_fts";
inline constexpr const char* notes_index = "notes_fts";
inline constexpr const char* documents_index = "documents_fts";

// How long one writer job merges: short enough that a request queued behind it waits
// well under 100 ms, long enough that a large index takes few jobs (and fsyncs).
inline constexpr std::chrono::milliseconds merge_budget_per_job{5};

// Merges the indexes in steps until every one of them has nothing left to merge (true)
// or budget is spent (false: call again, in a later job). At least one step runs, so a
// zero budget still makes progress. Runs in the caller's transaction. Merging is
// idempotent, so a restart halfway simply merges on.
bool merge_fulltext(Connection& connection, const std::vector<std::string>& indexes,
                    std::chrono::milliseconds budget = merge_budget_per_job);

}  // namespace kl::storage
