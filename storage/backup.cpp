#include "storage/backup.hpp"

#include "storage/connection.hpp"

#include <sqlite3.h>

#include <cstdio>

namespace kl::storage {

void backup_database(const std::string& source_path, const std::string& target_path) {
    Connection source(source_path, OpenMode::read_only);
    source.exec("PRAGMA busy_timeout = 5000");
    std::remove(target_path.c_str());
    Connection target(target_path, OpenMode::read_write);
    sqlite3_backup* backup = sqlite3_backup_init(target.handle(), "main", source.handle(), "main");
    if (!backup) target.throw_error(sqlite3_errcode(target.handle()));
    int rc;
    // Copy in steps so that writers are not blocked for the whole copy; a write in
    // between restarts the copy, which is fine for a database of this size.
    do {
        rc = sqlite3_backup_step(backup, 1024);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) throw StorageError(rc, std::string("backup failed: ") + sqlite3_errstr(rc));
    // The copy is a standalone file: no WAL next to it.
    target.exec("PRAGMA journal_mode = DELETE");
}

void checkpoint_truncate(Connection& connection) { connection.exec("PRAGMA wal_checkpoint(TRUNCATE)"); }

}  // namespace kl::storage
