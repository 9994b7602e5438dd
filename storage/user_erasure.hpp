#pragma once
// Erasing a person (user.erase, PROTOCOL.md 1.1 "Retention and the rights of the people
// in it"). The account itself ends at once, in the transaction of the request
// (begin_user_erasure): logins, activation links, second factors, passkeys, recovery
// codes, notification settings, read markers, memberships, invitations the person
// accepted or was sent, and the mails queued or sent to them are deleted, and the users
// row becomes a tombstone: name "verwijderde deelnemer", no email (a random
// unroutable address keeps the column unique), no organisation, no password, disabled.
// The row stays so that what refers to it (posts, cards, notes, the audit log) keeps
// its reference, its id serving as the pseudonym.
//
// What the person made goes in batches afterwards, each a short writer job, its state
// in user_erasures (stage and cursor), so a person with 50,000 posts never holds the
// writer for long and a restart goes on where it stopped. The stages, in order:
// notifications of the person; their posts (the application anonymises or redacts
// each, see server/app/user_erasure/); their cards and documents (the same); the
// stored events of every session the person touched (names in them anonymised,
// redacted cards and documents blanked); the audit entries by or about them (client
// addresses removed). finish_user_erasure merges the search indexes after a
// redaction and notes the erasure, so that the writer truncates the WAL.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kl::storage {

class Connection;

enum class UserErasureStage : int {
    notifications = 0,
    posts = 1,
    cards = 2,
    documents = 3,
    events = 4,
    audit = 5,
    finished = 6,
    // After audit, for "redact": the search indexes merged until no erased token is left
    // in them (a stage of its own: on a large server that takes many short jobs).
    fulltext = 7,
};

struct UserErasure {
    std::int64_t user_id = 0;
    std::string posts;                    // anonymise, redact
    std::optional<std::int64_t> actor_id;  // the administrator who asked
    UserErasureStage stage = UserErasureStage::notifications;
    std::int64_t cursor = 0;          // the last row id (events: seq) the stage handled
    std::int64_t cursor_session = 0;  // events stage: the session it is in
    std::int64_t started_at = 0;
    std::optional<std::int64_t> finished_at;
};

// The name an erased person is shown under, to everyone.
constexpr const char* erased_person_label = "verwijderde deelnemer";

// Administrators that are neither disabled nor erased.
std::int64_t count_active_administrators(Connection& connection);

// Ends the account of user_id at once and records the erasure of what it made, to be
// done by the batches below (see the opening comment). pseudonym goes into the
// tombstone's address. The caller has checked the rules; throws StorageError.
void begin_user_erasure(Connection& connection, std::int64_t user_id, const std::string& posts,
                        std::optional<std::int64_t> actor_id, const std::string& pseudonym, std::int64_t now);

std::optional<UserErasure> find_user_erasure(Connection& connection, std::int64_t user_id);
// The oldest erasure not finished yet, if any.
std::optional<UserErasure> next_user_erasure(Connection& connection);
// Stores stage and cursors of erasure.
void save_user_erasure(Connection& connection, const UserErasure& erasure);

// The sessions the person touched (member of, or wrote in), recorded at the beginning.
std::vector<std::int64_t> user_erasure_sessions(Connection& connection, std::int64_t user_id);

// Deletes at most limit notifications of the person; returns how many.
int delete_user_notifications(Connection& connection, std::int64_t user_id, int limit);
// Ids of the person's posts, cards, documents after after_id, ascending; at most limit.
std::vector<std::int64_t> posts_of_user(Connection& connection, std::int64_t user_id, std::int64_t after_id, int limit);
std::vector<std::int64_t> cards_of_user(Connection& connection, std::int64_t user_id, std::int64_t after_id, int limit);
std::vector<std::int64_t> documents_of_user(Connection& connection, std::int64_t user_id, std::int64_t after_id,
                                            int limit);
// Remembers a card or document ("card", "document") the redaction erased, so that its
// earlier events are blanked in the events stage.
void note_erased_item(Connection& connection, std::int64_t user_id, const std::string& kind, std::int64_t item_id);
// A redacted document's file name (the person chose it; it may say what it held).
void blank_document_name(Connection& connection, std::int64_t document_id);
bool is_erased_item(Connection& connection, std::int64_t user_id, const std::string& kind, std::int64_t item_id);

// Removes the client address from at most limit audit entries by or about the person
// with id > after_id; returns the id of the last one handled (after_id: none left).
std::int64_t scrub_user_audit(Connection& connection, std::int64_t user_id, std::int64_t after_id, int limit);

// Marks the erasure finished; after a redaction merges the full-text indexes (no
// deleted token stays in an older segment). Notes the erasure on the connection.
void finish_user_erasure(Connection& connection, std::int64_t user_id, std::int64_t now);

}  // namespace kl::storage
