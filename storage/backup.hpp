#pragma once
// Online backup with SQLite's backup API: a consistent copy while the server writes.
#include <string>

namespace kl::storage {

class Connection;

// Copies the database at source_path to target_path (a new file; an existing one is
// replaced). Safe while another process writes. Throws StorageError on failure.
void backup_database(const std::string& source_path, const std::string& target_path);

// Moves WAL content into the main file and truncates the WAL (used at shutdown, so
// the data folder holds no stale copies of erased text).
void checkpoint_truncate(Connection& connection);

}  // namespace kl::storage
