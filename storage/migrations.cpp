#include "storage/migrations.hpp"

#include "storage/connection.hpp"

#include <array>
#include <string>

namespace kl::storage {

namespace {

// Times are INTEGER Unix seconds (UTC); the protocol layer formats them as RFC 3339.
// Ids are INTEGER rowids, shown on the wire as decimal strings.
constexpr std::array migrations = {
    // 1: accounts, logins, activation links, audit log.
    R"sql(
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    organisation_type TEXT NOT NULL CHECK (organisation_type IN ('gemeente','ess','si','nctv','expert','other')),
    organisation_name TEXT NOT NULL,
    global_role TEXT NOT NULL CHECK (global_role IN ('admin','staff','member')),
    password_hash TEXT,                -- NULL until the person sets a password
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES users(id)
);

CREATE TABLE login_tokens (
    token_hash TEXT PRIMARY KEY,       -- SHA-256 of the cookie value
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX login_tokens_user ON login_tokens(user_id);

CREATE TABLE activation_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
) WITHOUT ROWID;
CREATE INDEX activation_tokens_user ON activation_tokens(user_id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    action TEXT NOT NULL,
    target_type TEXT,
    target_id TEXT,
    session_id INTEGER,
    detail TEXT NOT NULL DEFAULT '{}',  -- JSON object: reason, address, …
    address TEXT
);
CREATE INDEX audit_log_session ON audit_log(session_id, id);
)sql",
    // 2: sessions, membership and the per-session event log.
    R"sql(
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    starts_at INTEGER,
    ends_at INTEGER,
    premoderation INTEGER NOT NULL DEFAULT 0,
    premoderate_participants INTEGER NOT NULL DEFAULT 0,
    archived_at INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    head_seq INTEGER NOT NULL DEFAULT 0,  -- seq of the newest event
    created_at INTEGER NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id)
);

CREATE TABLE members (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('moderator','participant','expert','observer')),
    joined_at INTEGER NOT NULL,
    added_by INTEGER REFERENCES users(id),
    muted_until INTEGER,
    access_until INTEGER,             -- guests lose access at this time
    invited_by INTEGER REFERENCES users(id),
    visible_from_seq INTEGER NOT NULL DEFAULT 0,  -- events up to this seq stay hidden
    PRIMARY KEY (session_id, user_id)
) WITHOUT ROWID;
CREATE INDEX members_user ON members(user_id);

-- Every change to a session, in order. audience: who may see the event.
CREATE TABLE events (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    audience TEXT NOT NULL CHECK (audience IN ('all','moderators','moderators_and_user')),
    audience_user INTEGER,
    body TEXT NOT NULL,               -- the event object as JSON
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
)sql",
};

}  // namespace

int schema_version() { return static_cast<int>(migrations.size()); }

void migrate(Connection& connection) {
    int current = 0;
    {
        auto statement = connection.prepare("PRAGMA user_version");
        if (statement.step()) current = static_cast<int>(statement.int64(0));
    }
    if (current > schema_version())
        throw StorageError(0, "database schema version " + std::to_string(current) +
                                  " is newer than this program supports (" + std::to_string(schema_version()) + ")");
    for (int version = current; version < schema_version(); ++version) {
        in_transaction(connection, [&] {
            connection.exec(migrations[static_cast<std::size_t>(version)]);
            connection.exec("PRAGMA user_version = " + std::to_string(version + 1));
        });
    }
}

}  // namespace kl::storage
