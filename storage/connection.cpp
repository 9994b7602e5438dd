#include "storage/connection.hpp"

#include "storage/fulltext_pending.hpp"
#include "storage/migrations.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <mutex>
#include <utility>

namespace kl::storage {

namespace {

bool is_constraint(int code) { return (code & 0xff) == SQLITE_CONSTRAINT; }

// How long a statement waits for a lock another connection holds before SQLITE_BUSY.
constexpr int default_busy_timeout_ms = 5000;

// Process-wide settings, applied once before SQLite initialises itself. Memory
// statistics off: with them on, every allocation inside SQLite takes a global mutex
// (~5 % of the server's CPU under the bench's write load).
void configure_sqlite_once() {
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

Statement::Statement(Connection& connection, sqlite3_stmt* statement)
    : connection_(connection), statement_(statement) {}

Statement::~Statement() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (int rc = sqlite3_bind_int64(statement_, index, value); rc != SQLITE_OK) connection_.throw_error(rc);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    if (int rc = sqlite3_bind_text64(statement_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        rc != SQLITE_OK)
        connection_.throw_error(rc);
    return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
    if (int rc = sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT); rc != SQLITE_OK)
        connection_.throw_error(rc);
    return *this;
}

Statement& Statement::bind(int index, std::nullptr_t) {
    if (int rc = sqlite3_bind_null(statement_, index); rc != SQLITE_OK) connection_.throw_error(rc);
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    connection_.throw_error(rc);
}

void Statement::run() {
    while (step()) {
    }
}

bool Statement::is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(statement_, column); }

double Statement::real(int column) const { return sqlite3_column_double(statement_, column); }

std::string Statement::text(int column) const {
    auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    int size = sqlite3_column_bytes(statement_, column);
    return data ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return int64(column);
}

Connection::Connection(const std::string& path, OpenMode mode) {
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    flags |= mode == OpenMode::read_write ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READONLY;
    configure_sqlite_once();
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw StorageError(rc, "cannot open database " + path + ": " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
}

Connection::Connection(Connection&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      statements_(std::move(other.statements_)),
      erasure_noted_(std::exchange(other.erasure_noted_, false)),
      schema_current_(std::exchange(other.schema_current_, false)) {}

Connection::~Connection() {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    sqlite3_close_v2(db_);
}

void Connection::exec(std::string_view sql) {
    std::string text(sql);
    char* error = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        if (is_constraint(rc)) throw ConstraintError(rc, message);
        throw StorageError(rc, message);
    }
}

Statement Connection::prepare(std::string_view sql) {
    // The lookup key is copied into a buffer this thread keeps, so that finding a cached
    // statement allocates nothing (a post runs some 25 statements on the writer). A
    // Connection is used by one thread at a time, and the buffer is that thread's.
    thread_local std::string key;
    key.assign(sql);
    auto found = statements_.find(key);
    if (found == statements_.end()) {
        sqlite3_stmt* statement = nullptr;
        int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT,
                                    &statement, nullptr);
        if (rc != SQLITE_OK) throw_error(rc);
        found = statements_.emplace(key, statement).first;
    }
    return Statement(*this, found->second);
}

std::int64_t Connection::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

int Connection::changes() const { return sqlite3_changes(db_); }

bool Connection::autocommit() const { return sqlite3_get_autocommit(db_) != 0; }

bool Connection::checkpoint_truncate(int busy_ms) {
    // The busy handler is the connection's: shorten it for this call only, so that a
    // reader holding a snapshot delays the writer by busy_ms at most, not the usual 5 s.
    sqlite3_busy_timeout(db_, busy_ms);
    int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    sqlite3_busy_timeout(db_, default_busy_timeout_ms);
    if (rc == SQLITE_OK) return true;
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) return false;
    throw_error(rc);
}

void Connection::throw_error(int code) const {
    std::string message = sqlite3_errmsg(db_);
    if (is_constraint(code)) throw ConstraintError(code, message);
    throw StorageError(code, message);
}

void Connection::commit() {
    if (schema_current_) index_pending_posts(*this);
    exec("COMMIT");
}

Connection open_database(const std::string& path, OpenMode mode) {
    Connection connection(path, mode);
    // busy_timeout first: the other pragmas may need a lock while the writer works.
    sqlite3_busy_timeout(connection.handle(), default_busy_timeout_ms);
    if (mode == OpenMode::read_write) {
        connection.exec("PRAGMA journal_mode = WAL");
        // When a checkpoint resets the WAL, SQLite cuts the file back to this size instead
        // of leaving it as large as it ever grew (and holding old frames' bytes there).
        // 16 MiB is four automatic checkpoints' worth of pages: the steady write load
        // never has to grow the file again. Erasures truncate it to zero (Writer).
        connection.exec("PRAGMA journal_size_limit = 16777216");
        // The writer wraps each job of a batch in a savepoint. Kept in memory, their
        // statement journals cost no system calls; spilled to temporary files they
        // cost ~40 pwrite calls per post (the bench's writers scenario) and would put
        // copies of post text in files that redaction cannot reach.
        connection.exec("PRAGMA temp_store = MEMORY");
        // The writer's page cache: 32 MiB keeps the pages a post touches (tables, their
        // indexes, the search index) in memory instead of re-reading them per batch.
        connection.exec("PRAGMA cache_size = -32768");
        migrate(connection);
        connection.schema_current_ = true;
    }
    // synchronous=FULL: an acknowledged change survives power loss, not only a crash.
    connection.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON");
    return connection;
}

void limit_database_size(Connection& connection, std::int64_t max_bytes) {
    auto page_size = connection.prepare("PRAGMA page_size");
    page_size.step();
    auto pages = std::max<std::int64_t>(1, max_bytes / std::max<std::int64_t>(1, page_size.int64(0)));
    connection.exec("PRAGMA max_page_count = " + std::to_string(pages));
}

}  // namespace kl::storage
