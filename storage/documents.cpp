#include "storage/documents.hpp"

#include "storage/connection.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <memory>

namespace kl::storage {

namespace {

constexpr const char* document_columns =
    "id, session_id, thread_id, post_id, name, type, size, sha256, state, uploaded_by, attribution, at, pages, "
    "moderation_action, moderation_reason, moderated_by, moderated_at";

Document read_document(const Statement& row) {
    Document d;
    d.id = row.int64(0);
    d.session_id = row.int64(1);
    d.thread_id = row.optional_int64(2);
    d.post_id = row.optional_int64(3);
    d.name = row.text(4);
    d.type = row.text(5);
    d.size = row.int64(6);
    d.sha256 = row.text(7);
    d.state = row.text(8);
    d.uploaded_by = row.int64(9);
    d.attribution = row.text(10);
    d.at = row.int64(11);
    d.pages = row.optional_int64(12);
    d.moderation_action = row.optional_text(13);
    d.moderation_reason = row.optional_text(14);
    d.moderated_by = row.optional_int64(15);
    d.moderated_at = row.optional_int64(16);
    return d;
}

std::vector<Document> read_documents(Statement& statement) {
    std::vector<Document> documents;
    while (statement.step()) documents.push_back(read_document(statement));
    return documents;
}

// An open incremental-blob handle, closed when it goes out of scope.
struct BlobCloser {
    void operator()(sqlite3_blob* blob) const { sqlite3_blob_close(blob); }
};
using BlobHandle = std::unique_ptr<sqlite3_blob, BlobCloser>;

// Opens the bytes of document id for reading (writable false) or writing; nullptr when
// no blob row exists (the bytes were erased). Throws StorageError on other failures.
BlobHandle open_blob(Connection& connection, std::int64_t id, bool writable) {
    sqlite3_blob* blob = nullptr;
    int rc = sqlite3_blob_open(connection.handle(), "main", "document_blobs", "bytes", id, writable ? 1 : 0, &blob);
    if (rc == SQLITE_OK) return BlobHandle(blob);
    // The handle is allocated even on failure and must be closed.
    if (blob != nullptr) sqlite3_blob_close(blob);
    // SQLITE_ERROR with "no such rowid" is the missing row; anything else is a fault.
    if (rc == SQLITE_ERROR) return nullptr;
    connection.throw_error(rc);
}

}  // namespace

Document create_document(Connection& connection, const Document& d, std::istream& bytes) {
    if (d.size < 0 || d.size > std::numeric_limits<int>::max())
        throw StorageError(SQLITE_TOOBIG, "document size out of range");
    connection
        .prepare(
            "INSERT INTO documents (session_id, thread_id, post_id, name, type, size, sha256, state, uploaded_by, "
            "attribution, at, pages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, d.session_id)
        .bind(2, d.thread_id)
        .bind(3, d.post_id)
        .bind(4, d.name)
        .bind(5, d.type)
        .bind(6, d.size)
        .bind(7, d.sha256)
        .bind(8, d.state)
        .bind(9, d.uploaded_by)
        .bind(10, d.attribution)
        .bind(11, d.at)
        .bind(12, d.pages)
        .run();
    auto id = connection.last_insert_id();
    // zeroblob reserves the space without building the bytes in memory; the chunks then
    // overwrite it in place.
    connection.prepare("INSERT INTO document_blobs (document_id, bytes) VALUES (?, zeroblob(?))")
        .bind(1, id)
        .bind(2, d.size)
        .run();
    auto blob = open_blob(connection, id, true);
    if (!blob) throw StorageError(SQLITE_ERROR, "document blob vanished while writing");
    std::string buffer(document_chunk_bytes, '\0');
    std::int64_t written = 0;
    while (written < d.size) {
        auto want = static_cast<std::streamsize>(std::min<std::int64_t>(d.size - written, document_chunk_bytes));
        bytes.read(buffer.data(), want);
        if (bytes.gcount() != want) throw StorageError(SQLITE_ERROR, "document bytes ended before its size");
        int rc = sqlite3_blob_write(blob.get(), buffer.data(), static_cast<int>(want), static_cast<int>(written));
        if (rc != SQLITE_OK) connection.throw_error(rc);
        written += want;
    }
    auto created = d;
    created.id = id;
    return created;
}

std::optional<Document> find_document(Connection& connection, std::int64_t id) {
    auto statement = connection.prepare(std::string("SELECT ") + document_columns + " FROM documents WHERE id = ?");
    statement.bind(1, id);
    if (!statement.step()) return std::nullopt;
    return read_document(statement);
}

void update_document(Connection& connection, const Document& d) {
    connection
        .prepare(
            "UPDATE documents SET thread_id = ?, post_id = ?, state = ?, pages = ?, moderation_action = ?, "
            "moderation_reason = ?, moderated_by = ?, moderated_at = ? WHERE id = ?")
        .bind(1, d.thread_id)
        .bind(2, d.post_id)
        .bind(3, d.state)
        .bind(4, d.pages)
        .bind(5, d.moderation_action)
        .bind(6, d.moderation_reason)
        .bind(7, d.moderated_by)
        .bind(8, d.moderated_at)
        .bind(9, d.id)
        .run();
}

std::string read_document_chunk(Connection& connection, std::int64_t id, std::int64_t offset, std::size_t max_bytes) {
    auto blob = open_blob(connection, id, false);
    if (!blob || offset < 0) return {};
    std::int64_t size = sqlite3_blob_bytes(blob.get());
    if (offset >= size) return {};
    auto length = static_cast<std::size_t>(std::min<std::int64_t>(size - offset, static_cast<std::int64_t>(max_bytes)));
    std::string chunk(length, '\0');
    int rc = sqlite3_blob_read(blob.get(), chunk.data(), static_cast<int>(length), static_cast<int>(offset));
    if (rc != SQLITE_OK) connection.throw_error(rc);
    return chunk;
}

bool document_bytes_stored(Connection& connection, std::int64_t id) {
    auto statement = connection.prepare("SELECT 1 FROM document_blobs WHERE document_id = ?");
    statement.bind(1, id);
    return statement.step();
}

void set_document_derived(Connection& connection, std::int64_t id, std::int64_t session_id, const std::string& text,
                          const std::optional<std::string>& thumbnail_png) {
    auto statement = connection.prepare(
        "INSERT INTO document_derived (document_id, session_id, text, thumbnail) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (document_id) DO UPDATE SET text = excluded.text, thumbnail = excluded.thumbnail");
    statement.bind(1, id).bind(2, session_id).bind(3, text);
    if (thumbnail_png)
        statement.bind_blob(4, *thumbnail_png);
    else
        statement.bind(4, nullptr);
    statement.run();
}

std::optional<std::string> document_thumbnail(Connection& connection, std::int64_t id) {
    auto statement = connection.prepare("SELECT thumbnail FROM document_derived WHERE document_id = ?");
    statement.bind(1, id);
    if (!statement.step()) return std::nullopt;
    return statement.optional_text(0);
}

bool document_has_thumbnail(Connection& connection, std::int64_t id) {
    auto statement =
        connection.prepare("SELECT 1 FROM document_derived WHERE document_id = ? AND thumbnail IS NOT NULL");
    statement.bind(1, id);
    return statement.step();
}

std::vector<std::int64_t> uninspected_pdfs(Connection& connection, int limit) {
    auto statement = connection.prepare(
        "SELECT d.id FROM documents d JOIN document_blobs b ON b.document_id = d.id "
        "WHERE d.type = 'application/pdf' AND d.pages IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM document_derived x WHERE x.document_id = d.id) ORDER BY d.id LIMIT ?");
    statement.bind(1, limit);
    std::vector<std::int64_t> ids;
    while (statement.step()) ids.push_back(statement.int64(0));
    return ids;
}

std::optional<std::string> document_text(Connection& connection, std::int64_t id) {
    auto statement = connection.prepare("SELECT text FROM document_derived WHERE document_id = ?");
    statement.bind(1, id);
    if (!statement.step()) return std::nullopt;
    return statement.text(0);
}

void erase_document_content(Connection& connection, std::int64_t id) {
    connection.prepare("DELETE FROM document_blobs WHERE document_id = ?").bind(1, id).run();
    // The delete trigger removes the text from documents_fts; its tokens stay in older
    // index segments until the caller merges them (storage/fulltext_merge.hpp).
    connection.prepare("DELETE FROM document_derived WHERE document_id = ?").bind(1, id).run();
}

std::vector<Document> page_documents(Connection& connection, std::int64_t session_id,
                                     std::optional<std::int64_t> before, int limit, const DocumentFilter& filter) {
    auto statement = connection.prepare(
        std::string("SELECT ") + document_columns +
        " FROM documents WHERE session_id = ?1 AND id < ?2 AND at >= ?5 AND ("
        "state = 'visible' OR (?3 AND state IN ('pending','hidden')) OR (state = 'pending' AND uploaded_by = ?4)) "
        "ORDER BY id DESC LIMIT ?6");
    statement.bind(1, session_id)
        .bind(2, before.value_or(std::numeric_limits<std::int64_t>::max()))
        .bind(3, filter.moderator ? 1 : 0)
        .bind(4, filter.viewer_id)
        .bind(5, filter.created_from)
        .bind(6, limit);
    return read_documents(statement);
}

std::vector<Document> documents_of_post(Connection& connection, std::int64_t post_id) {
    auto statement =
        connection.prepare(std::string("SELECT ") + document_columns + " FROM documents WHERE post_id = ? ORDER BY id");
    statement.bind(1, post_id);
    return read_documents(statement);
}

DocumentTotals document_totals(Connection& connection, std::int64_t session_id) {
    auto statement = connection.prepare(
        "SELECT count(*), coalesce(sum(size), 0) FROM documents "
        "WHERE session_id = ? AND state NOT IN ('redacted','deleted')");
    statement.bind(1, session_id);
    statement.step();
    return {statement.int64(0), statement.int64(1)};
}

}  // namespace kl::storage
