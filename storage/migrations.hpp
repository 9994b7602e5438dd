#pragma once
// Versioned schema migrations, tracked in PRAGMA user_version. Each migration runs in
// its own transaction; a database newer than this binary is refused.
namespace kl::storage {

class Connection;

// Brings the schema up to schema_version(). Throws StorageError on failure (the
// failed migration is rolled back, earlier ones stay applied).
void migrate(Connection& connection);
// Brings the schema up to version (at most schema_version()) and no further: tests make
// a database as an older program left it, then migrate() it.
void migrate_to(Connection& connection, int version);
int schema_version();

}  // namespace kl::storage
