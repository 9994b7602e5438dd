#pragma once
// Documents: the files a session works with (a handreiking, slides, a case file).
//
// Why the bytes are in SQLite and not in a folder: a backup (SQLite's online backup)
// stays one consistent file holding rows and bytes of the same instant; a redaction
// erases the bytes inside the same transaction as the state change, and the writer's
// WAL truncation after it (Connection::note_erasure) leaves no copy in any file, the
// guarantee that post redaction already has. A content-addressed folder would need its
// own fsync ordering, its own garbage collection and its own backup step for the same.
//
// The bytes are one BLOB per document in document_blobs, written and read in chunks
// with SQLite's incremental blob API (zeroblob first, then sqlite3_blob_write), so that
// neither an upload nor a download holds a whole file in memory. Times are Unix seconds.
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace kl::storage {

class Connection;

struct Document {
    std::int64_t id = 0;
    std::int64_t session_id = 0;
    std::optional<std::int64_t> thread_id;
    std::optional<std::int64_t> post_id;  // the post it is attached to, once posted
    std::string name;                     // the file name the uploader gave
    std::string type;                     // MIME type recognised from the content
    std::int64_t size = 0;                // bytes
    std::string sha256;                   // lower-case hex of the bytes
    std::string state = "visible";        // pending, visible, hidden, redacted, deleted
    std::int64_t uploaded_by = 0;
    std::string attribution = "named";    // named, organisation, organisation_type
    std::int64_t at = 0;
    std::optional<std::int64_t> pages;    // PDFs: the page count
    std::optional<std::string> moderation_action;
    std::optional<std::string> moderation_reason;
    std::optional<std::int64_t> moderated_by;
    std::optional<std::int64_t> moderated_at;
};

// Bytes copied per sqlite3_blob_write / sqlite3_blob_read call.
inline constexpr std::size_t document_chunk_bytes = 256 * 1024;

// Inserts document (id assigned) and copies exactly document.size bytes from bytes into
// its blob, chunk by chunk. Throws StorageError when bytes ends early (nothing of the
// document stays once the caller's transaction rolls back) or on any SQLite failure.
Document create_document(Connection& connection, const Document& document, std::istream& bytes);
std::optional<Document> find_document(Connection& connection, std::int64_t id);
// Writes the mutable fields (thread, post, state, pages, moderation).
void update_document(Connection& connection, const Document& document);

// Up to max_bytes of the document's bytes from offset (fewer at the end; empty past the
// end or once the bytes are erased). Each call opens the blob anew, so a download reads
// one chunk per short read transaction and holds no snapshot between chunks.
std::string read_document_chunk(Connection& connection, std::int64_t id, std::int64_t offset, std::size_t max_bytes);
// True while the document's bytes are stored (false once erased).
bool document_bytes_stored(Connection& connection, std::int64_t id);

// What is derived from a PDF's bytes: its text (indexed for search) and a first-page
// thumbnail (PNG). Replaces what was stored before.
void set_document_derived(Connection& connection, std::int64_t id, std::int64_t session_id, const std::string& text,
                          const std::optional<std::string>& thumbnail_png);
std::optional<std::string> document_thumbnail(Connection& connection, std::int64_t id);
// Whether a thumbnail is stored (without reading it).
bool document_has_thumbnail(Connection& connection, std::int64_t id);
// PDFs not inspected yet (no pages, nothing derived, bytes still stored), oldest
// first, at most limit: what a restart left to do.
std::vector<std::int64_t> uninspected_pdfs(Connection& connection, int limit);
std::optional<std::string> document_text(Connection& connection, std::int64_t id);

// Erases the document's bytes and everything derived from them (its text, the search
// index entry and the thumbnail) for good. The row stays (with its name) for the audit
// trail and placeholders; the caller sets its state, merges documents_fts and notes the
// erasure, as for erase_post_text.
void erase_document_content(Connection& connection, std::int64_t id);

// Documents of a session with id < before (all when nullopt), newest first, at most
// limit. Never redacted or deleted ones. The filter widens the default (visible only)
// as the visibility gate (server/app/access/reader) decides for the viewer.
struct DocumentFilter {
    bool moderator = false;         // pending and hidden ones too
    std::int64_t viewer_id = 0;     // the viewer's own pending uploads are included
    std::int64_t created_from = 0;  // only documents uploaded then or later (a from_join guest)
};
std::vector<Document> page_documents(Connection& connection, std::int64_t session_id,
                                     std::optional<std::int64_t> before, int limit, const DocumentFilter& filter);
// The documents attached to post, oldest first, whatever their state.
std::vector<Document> documents_of_post(Connection& connection, std::int64_t post_id);

// What a session holds against its limits: documents not redacted or deleted, and the
// sum of their sizes.
struct DocumentTotals {
    std::int64_t count = 0;
    std::int64_t bytes = 0;
};
DocumentTotals document_totals(Connection& connection, std::int64_t session_id);

}  // namespace kl::storage
