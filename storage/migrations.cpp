#include "storage/migrations.hpp"

#include "storage/connection.hpp"

#include <algorithm>
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
    // 3: threads, posts with their revisions and flags, read markers, the full-text
    // index of post bodies, and per-event post references for rewriting.
    R"sql(
CREATE TABLE threads (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('casus','vraag','algemeen')),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','locked','resolved')),
    pinned INTEGER NOT NULL DEFAULT 0,
    slow_mode_seconds INTEGER NOT NULL DEFAULT 0,
    pending INTEGER NOT NULL DEFAULT 0,  -- its first post waits for approval
    created_at INTEGER NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX threads_session ON threads(session_id);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('visible','pending','rejected','hidden','redacted','deleted')),
    reply_to INTEGER REFERENCES posts(id),
    attribution TEXT NOT NULL CHECK (attribution IN ('named','organisation','organisation_type')),
    whisper INTEGER NOT NULL DEFAULT 0,
    client_msg_id TEXT,
    personal_data TEXT NOT NULL DEFAULT '',  -- comma-separated kinds the check found
    created_at INTEGER NOT NULL,
    edited_at INTEGER,
    approved_once INTEGER NOT NULL DEFAULT 0,
    moderation_action TEXT,
    moderation_reason TEXT,
    moderated_by INTEGER REFERENCES users(id),
    moderated_at INTEGER
);
CREATE INDEX posts_thread ON posts(thread_id, id);
CREATE INDEX posts_pending ON posts(session_id) WHERE state = 'pending';
CREATE UNIQUE INDEX posts_client_msg ON posts(author_id, client_msg_id) WHERE client_msg_id IS NOT NULL;

-- Earlier texts of edited posts, erased with the post on redaction.
CREATE TABLE post_revisions (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX post_revisions_post ON post_revisions(post_id);

CREATE TABLE flags (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    flagged_by INTEGER NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL,
    at INTEGER NOT NULL,
    closed_at INTEGER
);
CREATE INDEX flags_open ON flags(session_id) WHERE closed_at IS NULL;
CREATE UNIQUE INDEX flags_one_open ON flags(post_id, flagged_by) WHERE closed_at IS NULL;

-- The newest post a user has read in a thread (for unread counts).
CREATE TABLE thread_reads (
    user_id INTEGER NOT NULL REFERENCES users(id),
    thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    read_post_id INTEGER NOT NULL,
    PRIMARY KEY (user_id, thread_id)
) WITHOUT ROWID;

-- Full-text index of post bodies (external content: the text itself lives in posts).
CREATE VIRTUAL TABLE posts_fts USING fts5(body, content='posts', content_rowid='id',
                                          tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
    INSERT INTO posts_fts(rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
    INSERT INTO posts_fts(posts_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER posts_fts_update AFTER UPDATE OF body ON posts WHEN old.body IS NOT new.body BEGIN
    INSERT INTO posts_fts(posts_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO posts_fts(rowid, body) VALUES (new.id, new.body);
END;

-- Events about a post name it, so that changing the post rewrites its earlier events;
-- moderator_body is what moderators get when it differs from body.
ALTER TABLE events ADD COLUMN post_id INTEGER;
ALTER TABLE events ADD COLUMN moderator_body TEXT;
CREATE INDEX events_post ON events(post_id) WHERE post_id IS NOT NULL;
)sql",
    // 4: the knowledge board. Positions are dense (0, 1, 2, …) per column / session;
    // the board module keeps them so inside each write transaction.
    R"sql(
ALTER TABLE sessions ADD COLUMN experts_add_cards INTEGER NOT NULL DEFAULT 1;

CREATE TABLE board_columns (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    position INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX board_columns_session ON board_columns(session_id, position);

CREATE TABLE cards (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    column_id INTEGER NOT NULL REFERENCES board_columns(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    source_post INTEGER REFERENCES posts(id),
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES users(id),
    updated_at INTEGER NOT NULL
);
CREATE INDEX cards_column ON cards(column_id, position);
CREATE INDEX cards_session ON cards(session_id);
CREATE INDEX cards_source_post ON cards(source_post) WHERE source_post IS NOT NULL;
)sql",
    // 5: invitations. Only the SHA-256 of a token is stored.
    R"sql(
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('participant','expert','observer')),
    email TEXT,
    display_name TEXT,
    note TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE,
    history TEXT NOT NULL CHECK (history IN ('full','from_join')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,       -- the link works until then
    access_until INTEGER,              -- a guest's access ends then (NULL: no end)
    invited_by INTEGER NOT NULL REFERENCES users(id),
    revoked_at INTEGER,
    used_by INTEGER REFERENCES users(id),
    used_at INTEGER
);
CREATE INDEX invitations_session ON invitations(session_id);
-- access_ended: the server has ended this guest's access (subscriptions, event).
ALTER TABLE members ADD COLUMN access_ended INTEGER NOT NULL DEFAULT 0;
CREATE INDEX members_access_until ON members(access_until) WHERE access_until IS NOT NULL AND access_ended = 0;
)sql",
    // 6: session notes, and full-text indexes of thread titles, cards and notes beside
    // the one of posts (external content: each text lives once, in its own table).
    R"sql(
CREATE TABLE note_blocks (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('summary','decision','action','insight')),
    text TEXT NOT NULL,
    owner TEXT,                 -- actions: who does it (free text)
    due TEXT,                   -- actions: YYYY-MM-DD
    position INTEGER NOT NULL,  -- dense per session, see dense_order.hpp
    version INTEGER NOT NULL DEFAULT 1,
    published_at INTEGER,       -- NULL: a draft only moderators see
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES users(id),
    updated_at INTEGER NOT NULL
);
CREATE INDEX note_blocks_session ON note_blocks(session_id, position);

CREATE VIRTUAL TABLE threads_fts USING fts5(title, content='threads', content_rowid='id',
                                            tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE TRIGGER threads_fts_insert AFTER INSERT ON threads BEGIN
    INSERT INTO threads_fts(rowid, title) VALUES (new.id, new.title);
END;
CREATE TRIGGER threads_fts_delete AFTER DELETE ON threads BEGIN
    INSERT INTO threads_fts(threads_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;
CREATE TRIGGER threads_fts_update AFTER UPDATE OF title ON threads WHEN old.title IS NOT new.title BEGIN
    INSERT INTO threads_fts(threads_fts, rowid, title) VALUES ('delete', old.id, old.title);
    INSERT INTO threads_fts(rowid, title) VALUES (new.id, new.title);
END;
INSERT INTO threads_fts(threads_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE cards_fts USING fts5(title, body, content='cards', content_rowid='id',
                                          tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE TRIGGER cards_fts_insert AFTER INSERT ON cards BEGIN
    INSERT INTO cards_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER cards_fts_delete AFTER DELETE ON cards BEGIN
    INSERT INTO cards_fts(cards_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER cards_fts_update AFTER UPDATE OF title, body ON cards
WHEN old.title IS NOT new.title OR old.body IS NOT new.body BEGIN
    INSERT INTO cards_fts(cards_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO cards_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
INSERT INTO cards_fts(cards_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE notes_fts USING fts5(text, owner, content='note_blocks', content_rowid='id',
                                          tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE TRIGGER notes_fts_insert AFTER INSERT ON note_blocks BEGIN
    INSERT INTO notes_fts(rowid, text, owner) VALUES (new.id, new.text, new.owner);
END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON note_blocks BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, text, owner) VALUES ('delete', old.id, old.text, old.owner);
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF text, owner ON note_blocks
WHEN old.text IS NOT new.text OR old.owner IS NOT new.owner BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, text, owner) VALUES ('delete', old.id, old.text, old.owner);
    INSERT INTO notes_fts(rowid, text, owner) VALUES (new.id, new.text, new.owner);
END;
)sql",
    // 7: each thread keeps its count of visible posts and its last activity, kept by
    // triggers, so loading a thread (every post.create does) no longer counts its posts.
    R"sql(
ALTER TABLE threads ADD COLUMN visible_posts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE threads ADD COLUMN last_activity_at INTEGER;
UPDATE threads SET
    visible_posts = (SELECT count(*) FROM posts p WHERE p.thread_id = threads.id AND p.state = 'visible' AND p.whisper = 0),
    last_activity_at = (SELECT max(p.created_at) FROM posts p WHERE p.thread_id = threads.id AND p.state = 'visible' AND p.whisper = 0);
CREATE TRIGGER posts_visible_insert AFTER INSERT ON posts WHEN new.state = 'visible' AND new.whisper = 0 BEGIN
    UPDATE threads SET visible_posts = visible_posts + 1,
                       last_activity_at = max(coalesce(last_activity_at, new.created_at), new.created_at)
    WHERE id = new.thread_id;
END;
-- Moderation changes a post's visibility rarely; recomputing the last activity then is fine.
CREATE TRIGGER posts_visible_update AFTER UPDATE OF state, whisper ON posts
WHEN (old.state = 'visible' AND old.whisper = 0) IS NOT (new.state = 'visible' AND new.whisper = 0) BEGIN
    UPDATE threads SET
        visible_posts = visible_posts + (CASE WHEN new.state = 'visible' AND new.whisper = 0 THEN 1 ELSE -1 END),
        last_activity_at = (SELECT max(p.created_at) FROM posts p
                            WHERE p.thread_id = new.thread_id AND p.state = 'visible' AND p.whisper = 0)
    WHERE id = new.thread_id;
END;
CREATE TRIGGER posts_visible_delete AFTER DELETE ON posts WHEN old.state = 'visible' AND old.whisper = 0 BEGIN
    UPDATE threads SET visible_posts = visible_posts - 1,
        last_activity_at = (SELECT max(p.created_at) FROM posts p
                            WHERE p.thread_id = old.thread_id AND p.state = 'visible' AND p.whisper = 0)
    WHERE id = old.thread_id;
END;
)sql",
    // 8: the visibility gate. Each event records when its subject came to be, so that a
    // from_join guest gets no event about an object older than their joining (NULL for
    // the events before: those reach such a guest only when numbered after joining,
    // as before). A retried client_msg_id is looked up within one session, not across
    // every session the author ever wrote in.
    R"sql(
ALTER TABLE events ADD COLUMN subject_at INTEGER;
DROP INDEX posts_client_msg;
CREATE UNIQUE INDEX posts_client_msg ON posts(session_id, author_id, client_msg_id) WHERE client_msg_id IS NOT NULL;
)sql",
    // 9: search restricted to one session inside the index. Each full-text index gets a
    // last column, session_key, holding one token per row: 's' followed by the row's
    // session id ("s7"). search_session asks `session_key : "s7" AND {text columns} :
    // (words)`, so FTS5 intersects the doclists and ranks and snippets only the
    // session's matches, instead of every match of every session before a filter on
    // session_id. External content stays external: each index reads its texts through
    // a view that adds the key, so no text is stored twice. Dropping an FTS5 table
    // drops its shadow tables (secure_delete zeroes their pages); 'rebuild' fills the
    // new ones from the content. The triggers are those of migrations 3 and 6 with the
    // key added; the session of a row never changes, so they fire on the same columns.
    R"sql(
DROP TRIGGER posts_fts_insert;
DROP TRIGGER posts_fts_delete;
DROP TRIGGER posts_fts_update;
DROP TRIGGER threads_fts_insert;
DROP TRIGGER threads_fts_delete;
DROP TRIGGER threads_fts_update;
DROP TRIGGER cards_fts_insert;
DROP TRIGGER cards_fts_delete;
DROP TRIGGER cards_fts_update;
DROP TRIGGER notes_fts_insert;
DROP TRIGGER notes_fts_delete;
DROP TRIGGER notes_fts_update;
DROP TABLE posts_fts;
DROP TABLE threads_fts;
DROP TABLE cards_fts;
DROP TABLE notes_fts;

CREATE VIEW posts_fts_content AS SELECT id, body, 's' || session_id AS session_key FROM posts;
CREATE VIRTUAL TABLE posts_fts USING fts5(body, session_key, content='posts_fts_content', content_rowid='id',
                                          tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
    INSERT INTO posts_fts(rowid, body, session_key) VALUES (new.id, new.body, 's' || new.session_id);
END;
CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
    INSERT INTO posts_fts(posts_fts, rowid, body, session_key) VALUES ('delete', old.id, old.body, 's' || old.session_id);
END;
CREATE TRIGGER posts_fts_update AFTER UPDATE OF body ON posts WHEN old.body IS NOT new.body BEGIN
    INSERT INTO posts_fts(posts_fts, rowid, body, session_key) VALUES ('delete', old.id, old.body, 's' || old.session_id);
    INSERT INTO posts_fts(rowid, body, session_key) VALUES (new.id, new.body, 's' || new.session_id);
END;
INSERT INTO posts_fts(posts_fts) VALUES ('rebuild');

CREATE VIEW threads_fts_content AS SELECT id, title, 's' || session_id AS session_key FROM threads;
CREATE VIRTUAL TABLE threads_fts USING fts5(title, session_key, content='threads_fts_content', content_rowid='id',
                                            tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE TRIGGER threads_fts_insert AFTER INSERT ON threads BEGIN
    INSERT INTO threads_fts(rowid, title, session_key) VALUES (new.id, new.title, 's' || new.session_id);
END;
CREATE TRIGGER threads_fts_delete AFTER DELETE ON threads BEGIN
    INSERT INTO threads_fts(threads_fts, rowid, title, session_key) VALUES ('delete', old.id, old.title, 's' || old.session_id);
END;
CREATE TRIGGER threads_fts_update AFTER UPDATE OF title ON threads WHEN old.title IS NOT new.title BEGIN
    INSERT INTO threads_fts(threads_fts, rowid, title, session_key) VALUES ('delete', old.id, old.title, 's' || old.session_id);
    INSERT INTO threads_fts(rowid, title, session_key) VALUES (new.id, new.title, 's' || new.session_id);
END;
INSERT INTO threads_fts(threads_fts) VALUES ('rebuild');

CREATE VIEW cards_fts_content AS SELECT id, title, body, 's' || session_id AS session_key FROM cards;
CREATE VIRTUAL TABLE cards_fts USING fts5(title, body, session_key, content='cards_fts_content', content_rowid='id',
                                          tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE TRIGGER cards_fts_insert AFTER INSERT ON cards BEGIN
    INSERT INTO cards_fts(rowid, title, body, session_key) VALUES (new.id, new.title, new.body, 's' || new.session_id);
END;
CREATE TRIGGER cards_fts_delete AFTER DELETE ON cards BEGIN
    INSERT INTO cards_fts(cards_fts, rowid, title, body, session_key)
    VALUES ('delete', old.id, old.title, old.body, 's' || old.session_id);
END;
CREATE TRIGGER cards_fts_update AFTER UPDATE OF title, body ON cards
WHEN old.title IS NOT new.title OR old.body IS NOT new.body BEGIN
    INSERT INTO cards_fts(cards_fts, rowid, title, body, session_key)
    VALUES ('delete', old.id, old.title, old.body, 's' || old.session_id);
    INSERT INTO cards_fts(rowid, title, body, session_key) VALUES (new.id, new.title, new.body, 's' || new.session_id);
END;
INSERT INTO cards_fts(cards_fts) VALUES ('rebuild');

CREATE VIEW notes_fts_content AS SELECT id, text, owner, 's' || session_id AS session_key FROM note_blocks;
CREATE VIRTUAL TABLE notes_fts USING fts5(text, owner, session_key, content='notes_fts_content', content_rowid='id',
                                          tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE TRIGGER notes_fts_insert AFTER INSERT ON note_blocks BEGIN
    INSERT INTO notes_fts(rowid, text, owner, session_key) VALUES (new.id, new.text, new.owner, 's' || new.session_id);
END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON note_blocks BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, text, owner, session_key)
    VALUES ('delete', old.id, old.text, old.owner, 's' || old.session_id);
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF text, owner ON note_blocks
WHEN old.text IS NOT new.text OR old.owner IS NOT new.owner BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, text, owner, session_key)
    VALUES ('delete', old.id, old.text, old.owner, 's' || old.session_id);
    INSERT INTO notes_fts(rowid, text, owner, session_key) VALUES (new.id, new.text, new.owner, 's' || new.session_id);
END;
INSERT INTO notes_fts(notes_fts) VALUES ('rebuild');
)sql",
    // 10: second factors (TOTP, recovery codes, passkeys), the second step of a login,
    // WebAuthn challenges and the policy of who must have a factor. No secret is stored
    // in the clear: the TOTP secret is sealed by the application (AES-256-GCM, with a
    // key kept in the data folder, outside this file), codes, tokens and challenges are
    // stored as SHA-256 hashes only.
    R"sql(
CREATE TABLE second_factor_policy (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    require TEXT NOT NULL CHECK (require IN ('none','staff_and_moderators','everyone'))
);
INSERT INTO second_factor_policy (id, require) VALUES (1, 'none');

CREATE TABLE totp_factors (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    sealed_secret TEXT NOT NULL,       -- the secret, sealed by the application (never in the clear)
    created_at INTEGER NOT NULL,
    confirmed_at INTEGER,              -- NULL while the enrolment waits for its first code
    last_step INTEGER                  -- the last accepted 30-second step: no code is accepted twice
);

CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL UNIQUE,    -- SHA-256 of the normalised code
    created_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

CREATE TABLE passkeys (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    credential_id TEXT NOT NULL UNIQUE, -- base64url of the raw credential id
    public_key_der TEXT NOT NULL,       -- base64url of the SubjectPublicKeyInfo DER
    algorithm INTEGER NOT NULL,         -- COSE algorithm (-7, -8, -257)
    sign_count INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX passkeys_user ON passkeys(user_id);

-- The WebAuthn user handle of an account: random, so that it says nothing about the person.
CREATE TABLE webauthn_user_handles (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    handle TEXT NOT NULL UNIQUE         -- base64url of 32 random bytes
);

CREATE TABLE second_factor_tokens (
    token_hash TEXT PRIMARY KEY,       -- SHA-256 of the token handed out after the password
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    wrong_codes INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX second_factor_tokens_user ON second_factor_tokens(user_id);

CREATE TABLE webauthn_challenges (
    challenge_hash TEXT PRIMARY KEY,   -- SHA-256 of the raw challenge
    purpose TEXT NOT NULL CHECK (purpose IN ('register','login')),
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE, -- NULL: a passwordless sign-in
    label TEXT,                        -- register: the name the person gave the passkey
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
) WITHOUT ROWID;
)sql",
    // 11: notifications per user, and how mail reaches each user. A notification holds
    // no text: what it shows is made when it is read, through the visibility gate.
    R"sql(
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    thread_id INTEGER,
    post_id INTEGER,
    card_id INTEGER,
    block_id INTEGER,
    at INTEGER NOT NULL,
    read_at INTEGER
);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE INDEX notifications_post ON notifications(post_id) WHERE post_id IS NOT NULL;

CREATE TABLE notification_settings (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    email TEXT NOT NULL CHECK (email IN ('direct','daily','weekly','off'))
);
)sql",
    // 12: the durable mail outbox (storage/mail_outbox.hpp). Bodies are NULL once a
    // mail is sent or failed: the outbox is a queue, not an archive.
    R"sql(
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('activation','invitation','notification','digest')),
    subject TEXT NOT NULL,
    text_body TEXT,
    html_body TEXT,
    message_id TEXT NOT NULL UNIQUE,    -- made when queued: the same on every attempt
    status TEXT NOT NULL CHECK (status IN ('queued','sent','failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,            -- while queued
    last_error TEXT,                    -- a short reason, never a body or a password
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE status = 'queued';
CREATE INDEX mail_outbox_recipient ON mail_outbox(recipient) WHERE status = 'queued';
CREATE INDEX mail_outbox_done ON mail_outbox(id) WHERE status != 'queued';
)sql",
    // 13: which notifications have gone out by mail (at once or in a digest), and since
    // when a user's digest collects (their last digest, or their choice of one).
    R"sql(
ALTER TABLE notifications ADD COLUMN mailed_at INTEGER;
ALTER TABLE notification_settings ADD COLUMN digest_since INTEGER NOT NULL DEFAULT 0;
)sql",
    // 14: documents (storage/documents.hpp). The row says what a document is; its bytes
    // live apart in document_blobs, written and read in chunks with SQLite's incremental
    // blob API, so that a 25 MiB file never sits whole in memory, a backup stays one
    // consistent file, and a redaction erases the bytes by deleting one row (secure_delete
    // zeroes the freed pages; the writer truncates the WAL after it). What is derived
    // from the bytes (a PDF's text for search, its first-page thumbnail) lives in
    // document_derived and goes with them. The text is indexed like the other texts
    // (migration 9): an external-content FTS5 table with the session key.
    R"sql(
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    thread_id INTEGER REFERENCES threads(id) ON DELETE SET NULL,
    post_id INTEGER REFERENCES posts(id) ON DELETE SET NULL,  -- the post it is attached to, once posted
    name TEXT NOT NULL,
    type TEXT NOT NULL,                -- the MIME type recognised from the content
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,              -- lower-case hex of the bytes
    state TEXT NOT NULL CHECK (state IN ('pending','visible','hidden','redacted','deleted')),
    uploaded_by INTEGER NOT NULL REFERENCES users(id),
    attribution TEXT NOT NULL DEFAULT 'named' CHECK (attribution IN ('named','organisation','organisation_type')),
    at INTEGER NOT NULL,
    pages INTEGER,                     -- PDFs: the page count, once inspected
    moderation_action TEXT,
    moderation_reason TEXT,
    moderated_by INTEGER REFERENCES users(id),
    moderated_at INTEGER
);
CREATE INDEX documents_session ON documents(session_id, id);
CREATE INDEX documents_post ON documents(post_id) WHERE post_id IS NOT NULL;

CREATE TABLE document_blobs (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    bytes BLOB NOT NULL
);

CREATE TABLE document_derived (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL,
    text TEXT NOT NULL DEFAULT '',     -- the text for the search index (PDFs)
    thumbnail BLOB                     -- a small PNG of the first page (PDFs)
);

CREATE VIEW documents_fts_content AS
    SELECT document_id AS id, text, 's' || session_id AS session_key FROM document_derived;
CREATE VIRTUAL TABLE documents_fts USING fts5(text, session_key, content='documents_fts_content', content_rowid='id',
                                              tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE TRIGGER documents_fts_insert AFTER INSERT ON document_derived BEGIN
    INSERT INTO documents_fts(rowid, text, session_key) VALUES (new.document_id, new.text, 's' || new.session_id);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON document_derived BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, text, session_key)
    VALUES ('delete', old.document_id, old.text, 's' || old.session_id);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF text ON document_derived WHEN old.text IS NOT new.text BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, text, session_key)
    VALUES ('delete', old.document_id, old.text, 's' || old.session_id);
    INSERT INTO documents_fts(rowid, text, session_key) VALUES (new.document_id, new.text, 's' || new.session_id);
END;
)sql",
    // 15: retention and legal holds (storage/retention.hpp). A session's content is erased
    // in batches of rows; the indexes make each deleted row cost a lookup instead of a
    // scan (SQLite checks every foreign key of a deleted parent: replies, flags, read
    // markers), and while a session is being erased its deleted posts leave the
    // thread's counters alone (the threads go right after their posts), so that
    // erasing a thread of 100,000 posts does not recount the thread 100,000 times.
    R"sql(
ALTER TABLE sessions ADD COLUMN retention_days INTEGER;   -- NULL: kept until a term is set
ALTER TABLE sessions ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN hold_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN erase_notice_at INTEGER;  -- moderators were told then
ALTER TABLE sessions ADD COLUMN erasure_started_at INTEGER;
ALTER TABLE sessions ADD COLUMN erased_at INTEGER;
CREATE INDEX sessions_retention ON sessions(archived_at) WHERE archived_at IS NOT NULL AND retention_days IS NOT NULL
                                                          AND erased_at IS NULL;
CREATE INDEX notifications_session ON notifications(session_id);
CREATE INDEX posts_reply_to ON posts(reply_to) WHERE reply_to IS NOT NULL;
CREATE INDEX flags_post ON flags(post_id);
CREATE INDEX thread_reads_thread ON thread_reads(thread_id);
DROP TRIGGER posts_visible_delete;
CREATE TRIGGER posts_visible_delete AFTER DELETE ON posts
WHEN old.state = 'visible' AND old.whisper = 0
     AND (SELECT erasure_started_at FROM sessions WHERE id = old.session_id) IS NULL BEGIN
    UPDATE threads SET visible_posts = visible_posts - 1,
        last_activity_at = (SELECT max(p.created_at) FROM posts p
                            WHERE p.thread_id = old.thread_id AND p.state = 'visible' AND p.whisper = 0)
    WHERE id = old.thread_id;
END;
)sql",
    // 16: erasing a person (storage/user_erasure.hpp). The users row stays
    // as a pseudonymous tombstone (erased_at set, name, email and organisation gone), so
    // that posts, cards and the audit log keep their references; the erasure of what
    // the person made runs in batches whose state is in user_erasures, so that a restart
    // goes on where it stopped. user_erasure_sessions: the sessions it touches (their
    // clients reload at the end); user_erasure_items: the cards and documents a
    // redaction erased, whose earlier events are blanked. The indexes make each batch a
    // lookup of the person's own rows instead of a scan. Also the audit log's age index
    // for its retention.
    R"sql(
ALTER TABLE users ADD COLUMN erased_at INTEGER;
CREATE TABLE user_erasures (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    posts TEXT NOT NULL CHECK (posts IN ('anonymise','redact')),
    actor_id INTEGER REFERENCES users(id),
    stage INTEGER NOT NULL DEFAULT 0,      -- see UserErasureStage
    cursor INTEGER NOT NULL DEFAULT 0,     -- the last row id (or seq) the stage handled
    cursor_session INTEGER NOT NULL DEFAULT 0,  -- events stage: the session it is in
    started_at INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE TABLE user_erasure_sessions (
    user_id INTEGER NOT NULL,
    session_id INTEGER NOT NULL,
    PRIMARY KEY (user_id, session_id)
) WITHOUT ROWID;
CREATE TABLE user_erasure_items (
    user_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('card','document')),
    item_id INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind, item_id)
) WITHOUT ROWID;
CREATE INDEX posts_author ON posts(author_id, id);
CREATE INDEX cards_created_by ON cards(created_by, id);
CREATE INDEX documents_uploaded_by ON documents(uploaded_by, id);
CREATE INDEX note_blocks_created_by ON note_blocks(created_by);
CREATE INDEX audit_log_actor ON audit_log(actor_id) WHERE actor_id IS NOT NULL;
CREATE INDEX audit_log_target ON audit_log(target_type, target_id) WHERE target_id IS NOT NULL;
-- The audit log's own retention (kennislab serve --audit-retention-days) deletes by age.
CREATE INDEX audit_log_at ON audit_log(at, id);
)sql",

    // 17: new posts are indexed for search once per transaction instead of once per
    // post (storage/fulltext_pending.hpp). An FTS5 table flushes its pending terms to a
    // new index segment at every savepoint, and the writer wraps each job in one: a
    // segment per post, and merges to match, were a third of a post's cost. The
    // insert trigger now only notes the post; the commit indexes the noted posts in one
    // statement. Deleting or editing a post that is still only noted skips the FTS5
    // 'delete' (its old text was never indexed).
    R"sql(
CREATE TABLE fulltext_pending (post_id INTEGER PRIMARY KEY);
DROP TRIGGER posts_fts_insert;
DROP TRIGGER posts_fts_delete;
DROP TRIGGER posts_fts_update;
CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
    INSERT OR IGNORE INTO fulltext_pending(post_id) VALUES (new.id);
END;
CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
    INSERT INTO posts_fts(posts_fts, rowid, body, session_key)
        SELECT 'delete', old.id, old.body, 's' || old.session_id
        WHERE NOT EXISTS (SELECT 1 FROM fulltext_pending WHERE post_id = old.id);
    DELETE FROM fulltext_pending WHERE post_id = old.id;
END;
CREATE TRIGGER posts_fts_update AFTER UPDATE OF body ON posts WHEN old.body IS NOT new.body BEGIN
    INSERT INTO posts_fts(posts_fts, rowid, body, session_key)
        SELECT 'delete', old.id, old.body, 's' || old.session_id
        WHERE NOT EXISTS (SELECT 1 FROM fulltext_pending WHERE post_id = old.id);
    INSERT OR IGNORE INTO fulltext_pending(post_id) VALUES (new.id);
END;
)sql",
};

}  // namespace

int schema_version() { return static_cast<int>(migrations.size()); }

void migrate(Connection& connection) { migrate_to(connection, schema_version()); }

void migrate_to(Connection& connection, int target) {
    int current = 0;
    {
        auto statement = connection.prepare("PRAGMA user_version");
        if (statement.step()) current = static_cast<int>(statement.int64(0));
    }
    if (current > schema_version())
        throw StorageError(0, "database schema version " + std::to_string(current) +
                                  " is newer than this program supports (" + std::to_string(schema_version()) + ")");
    // Migrations drop tables that held text (9: the search indexes); their freed pages
    // are zeroed, so that no copy outlives a later erasure of that text. (open_database
    // sets the pragma again after migrating; Debian's SQLite has it on by default.)
    if (current < target) connection.exec("PRAGMA secure_delete = ON");
    for (int version = current; version < std::min(target, schema_version()); ++version) {
        in_transaction(connection, [&] {
            connection.exec(migrations[static_cast<std::size_t>(version)]);
            connection.exec("PRAGMA user_version = " + std::to_string(version + 1));
        });
    }
}

}  // namespace kl::storage
