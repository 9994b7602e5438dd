#pragma once
// One SQLite connection with the project's pragmas, and a small statement wrapper.
//
// Thread-safety: a Connection is used by one thread at a time. The server keeps one
// read-write connection on the writer thread and one read-only connection per worker
// of the blocking pool; WAL mode lets the readers run beside the writer.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

struct sqlite3;
struct sqlite3_stmt;

namespace kl::storage {

// Any SQLite failure. Carries SQLite's extended result code.
class StorageError : public std::runtime_error {
public:
    StorageError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
    int code() const { return code_; }

private:
    int code_;
};

// A UNIQUE, FOREIGN KEY or CHECK constraint failed: usually bad input, not a fault.
class ConstraintError : public StorageError {
public:
    using StorageError::StorageError;
};

class Connection;

// A prepared statement borrowed from the connection's cache. Bind parameters are
// 1-based; columns are 0-based. Reset and unbound when it goes out of scope, so the
// cached statement can be reused by the next caller.
class Statement {
public:
    Statement(Connection& connection, sqlite3_stmt* statement);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, std::nullptr_t);
    // Binds bytes as a BLOB (text() reads them back unchanged).
    Statement& bind_blob(int index, std::string_view bytes);
    template <class T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind(index, nullptr);
    }

    // Advances to the next row: true when a row is available, false when done.
    // Throws ConstraintError or StorageError on failure.
    bool step();
    // Runs a statement that returns no rows.
    void run();

    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::optional<std::string> optional_text(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;

private:
    Connection& connection_;
    sqlite3_stmt* statement_;
};

enum class OpenMode { read_write, read_only };

class Connection {
public:
    // Opens (and with read_write, creates) the database at path. Throws StorageError.
    Connection(const std::string& path, OpenMode mode);
    ~Connection();
    Connection(Connection&& other) noexcept;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs one or more statements without results (pragmas, DDL, BEGIN).
    void exec(std::string_view sql);
    // Commits the open transaction. Once the schema is current (open_database), the
    // posts noted for the search index are indexed first (storage/fulltext_pending.hpp).
    void commit();
    // Prepares sql once per connection and hands out the cached statement.
    Statement prepare(std::string_view sql);

    std::int64_t last_insert_id() const;
    int changes() const;
    // True outside a transaction (also after SQLite rolled one back by itself).
    bool autocommit() const;
    sqlite3* handle() { return db_; }
    [[noreturn]] void throw_error(int code) const;

    // Erasure bookkeeping. A function that erases text for good (a redaction, a thread's
    // old title) notes it here; whoever commits the transaction (the Writer) then
    // checkpoints and truncates the WAL, which still holds the text in older frames.
    // A note from work that was rolled back costs one unneeded checkpoint, nothing more.
    void note_erasure() { erasure_noted_ = true; }
    // True once after note_erasure(), then false until the next note.
    bool take_erasure_note() { return std::exchange(erasure_noted_, false); }

    // Copies every WAL frame into the database file and truncates the WAL to zero bytes
    // (PRAGMA wal_checkpoint(TRUNCATE)), outside any transaction. Readers that still use
    // the WAL keep it from completing: SQLite's busy handler waits for them up to
    // busy_ms, then this returns false (SQLITE_BUSY) and changes nothing that matters;
    // the caller retries. Throws StorageError on any other failure.
    bool checkpoint_truncate(int busy_ms);

private:
    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*> statements_;
    bool erasure_noted_ = false;
    bool schema_current_ = false;  // set by open_database after the migrations
    friend Connection open_database(const std::string& path, OpenMode mode);
};

// Opens the database with the project's pragmas: WAL, synchronous=FULL, foreign keys,
// secure_delete, a busy timeout; read_write also bounds the WAL file
// (journal_size_limit) and runs the migrations.
Connection open_database(const std::string& path, OpenMode mode);

// Caps the database file of connection at about max_bytes (SQLite's max_page_count;
// never below its current size): past it, writes fail with SQLITE_FULL as on a full
// disk, and the server answers `unavailable` (an operator's guard for shared disks).
void limit_database_size(Connection& connection, std::int64_t max_bytes);

// Runs fn inside BEGIN IMMEDIATE … COMMIT; rolls back and rethrows if fn throws.
// For tools and tests: the server's writes go through the Writer.
template <class Fn>
auto in_transaction(Connection& connection, Fn&& fn) {
    connection.exec("BEGIN IMMEDIATE");
    try {
        if constexpr (std::is_void_v<decltype(fn())>) {
            fn();
            connection.commit();
        } else {
            auto result = fn();
            connection.commit();
            return result;
        }
    } catch (...) {
        connection.exec("ROLLBACK");
        throw;
    }
}

// Runs fn inside one read transaction (BEGIN … COMMIT), so that several queries see
// the same snapshot. For the read-only connections of the blocking pool.
template <class Fn>
auto in_read_transaction(Connection& connection, Fn&& fn) {
    connection.exec("BEGIN");
    try {
        auto result = fn();
        connection.exec("COMMIT");
        return result;
    } catch (...) {
        connection.exec("ROLLBACK");
        throw;
    }
}

}  // namespace kl::storage
