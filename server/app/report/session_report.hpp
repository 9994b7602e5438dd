#pragma once
// Walks one session as one reader may see it and writes the report through a
// ReportWriter: header, notes, board by column, every thread with its posts, and the
// documents (names and links to origin's download, never contents). Runs
// inside the caller's read transaction, so the report is one consistent snapshot;
// posts are streamed thread by thread, never collected.
#include "server/app/access/reader.hpp"
#include "server/app/report/report_writer.hpp"
#include "storage/sessions.hpp"
#include "storage/users.hpp"

namespace kl::storage {
class Connection;
}

namespace kl::app {

void write_session_report(storage::Connection& connection, const storage::Session& session,
                          const storage::User& reader_user, const Reader& reader, std::int64_t now,
                          const std::string& origin, ReportWriter& writer);

}  // namespace kl::app
