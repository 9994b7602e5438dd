#pragma once
// Retention: when an archived session's content is erased for good, the legal hold
// that stops it, and the erasure itself in bounded batches.
//
// What a session's erasure removes: threads, posts (with their revisions and flags),
// stored events, cards and board columns, note blocks, invitations, the session's
// notifications (except those about its erasure), the full-text entries of all of
// them, the description, and the reasons in the session's audit entries (they may quote
// erased text). What stays: the session row (title, dates, settings), its members
// (which organisations took part) and the audit log without reasons.
//
// The erasure is a sequence of batches, each a short transaction of its own (one writer
// job): a batch deletes at most max_rows rows, so the writer is never held for long, and
// all its state is in the database (erasure_started_at, and the rows still there), so
// a restart halfway goes on where it stopped. The last batch merges the full-text
// indexes (no deleted token stays in an older segment) and notes the erasure on the
// connection, so that the writer checkpoints and truncates the WAL after its commit.
#include "storage/sessions.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kl::storage {

class Connection;

constexpr std::int64_t seconds_per_day = 86'400;
// The longest term a session may be kept after archiving (about ten years).
constexpr std::int64_t max_retention_days = 3650;

// When the session's content is due for erasure: archived_at plus retention_days;
// nullopt while it is not archived or has no term. (A hold does not move the date; it
// only stops the erasure.)
std::optional<std::int64_t> erase_after(const Session& session);

// Archived sessions with a term that are not erased yet (held ones too), soonest first;
// at most limit. For the administrator's list.
std::vector<Session> sessions_with_retention(Connection& connection, int limit);

// Sessions whose erasure is due at now (or has begun) and is not held; at most limit,
// the ones begun first.
std::vector<std::int64_t> sessions_due_for_erasure(Connection& connection, std::int64_t now, int limit);

// Sessions whose erasure comes within lead_seconds of now, not held, whose moderators
// have not been told yet; at most limit.
std::vector<std::int64_t> sessions_due_for_notice(Connection& connection, std::int64_t now, std::int64_t lead_seconds,
                                                  int limit);
void mark_erasure_notice(Connection& connection, std::int64_t session_id, std::int64_t now);

// Places (hold) or lifts a legal hold, with its reason.
void set_legal_hold(Connection& connection, std::int64_t session_id, bool hold, const std::string& reason);

enum class ErasureStep {
    more,      // rows deleted, or the search indexes merged a step; call again
    finished,  // everything is gone; erased_at is set and the erasure noted
    held,      // a legal hold stops it (or the session is gone or already erased): nothing done
};

// How long one batch deletes rows before it leaves the writer to others (the rule: no
// request waits more than 100 ms while a session is erased).
inline constexpr std::chrono::milliseconds erase_budget_per_job{5};

// One batch of a session's erasure: deletes at most max_rows content rows (rows that go
// with them by ON DELETE CASCADE, such as revisions, not counted), and stops sooner once
// budget is spent; once the rows are gone, merges the full-text indexes for at most
// merge_budget_per_job (storage/fulltext_merge.hpp). The first batch sets
// erasure_started_at; the one that finds nothing left to delete or merge finishes.
// Throws StorageError.
ErasureStep erase_session_batch(Connection& connection, std::int64_t session_id, int max_rows, std::int64_t now,
                                std::chrono::milliseconds budget = erase_budget_per_job);

}  // namespace kl::storage
