#include "server/app/notes/notes_verbs.hpp"

#include "protocol/fields.hpp"
#include "protocol/vocabulary.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/access/session_access.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/core/session_change.hpp"
#include "server/app/notes/action_owners.hpp"
#include "server/app/notifications/notify.hpp"
#include "server/app/notes/notes_json.hpp"
#include "storage/notes.hpp"
#include "storage/notifications.hpp"

#include <algorithm>
#include <optional>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

// What a create or update sets; absent fields (nullopt) stay as they are.
struct BlockFields {
    std::optional<std::string> kind;
    std::optional<std::string> text;
    std::optional<std::optional<std::string>> owner;  // inner nullopt: clear
    std::optional<std::optional<std::string>> due;
    std::optional<std::int64_t> position;
};

BlockFields read_fields(const nlohmann::json& params, bool creating) {
    BlockFields fields;
    fields.kind = creating ? protocol::required_enum(params, "kind", protocol::note_kinds)
                           : protocol::optional_enum(params, "kind", protocol::note_kinds);
    fields.text = creating ? protocol::required_string(params, "text", 1, NotesVerbs::max_text, protocol::Text::multi_line)
                           : protocol::optional_string(params, "text", 1, NotesVerbs::max_text, protocol::Text::multi_line);
    // A given null (or empty owner) clears; an absent key keeps.
    if (params.contains("owner")) {
        auto owner = protocol::optional_string(params, "owner", 0, NotesVerbs::max_owner);
        fields.owner = owner && !owner->empty() ? owner : std::nullopt;
    }
    if (params.contains("due")) fields.due = protocol::optional_date(params, "due");
    fields.position = protocol::optional_int(params, "position", 0, NotesVerbs::max_blocks);
    return fields;
}

void apply(storage::NoteBlock& block, const BlockFields& fields) {
    if (fields.kind) block.kind = *fields.kind;
    if (fields.text) block.text = *fields.text;
    if (fields.owner) block.owner = *fields.owner;
    if (fields.due) block.due = *fields.due;
    // Owner and due date belong to actions only.
    if (block.kind != "action") block.owner = block.due = std::nullopt;
}

// A note event: a draft's reaches moderators only; a published block's reaches
// everyone, each audience with the block and the order of the blocks as it may see
// them. block is the block as it is now (or was, when deleted).
void record_note_event(storage::Connection& c, Change& change, const storage::User& actor, std::int64_t now,
                       const std::string& kind, const storage::NoteBlock& block) {
    nlohmann::json for_moderators = {{"block", block_json(c, block)},
                                     {"order", notes_order_json(c, block.session_id, true)}};
    EventDraft event(kind, for_moderators, Audience::moderators());
    event.subject_at = block.updated_at;
    if (block.published()) {
        event.payload = {{"block", block_json(c, block, false)}, {"order", notes_order_json(c, block.session_id, false)}};
        event.audience = Audience::everyone();
        event.moderator_payload = std::move(for_moderators);
    }
    record_event(c, change, block.session_id, now, actor, std::move(event));
}

// The block a moderator changes, at the version they saw (else conflict).
storage::NoteBlock block_to_change(storage::Connection& c, const storage::User& caller, std::int64_t block_id,
                                   std::int64_t version, std::int64_t now) {
    auto block = storage::find_block(c, block_id);
    if (!block) throw ProtocolError(ErrorCode::not_found, "Deze aantekening bestaat niet.");
    require_session(c, caller, block->session_id, SessionAction::moderate, now);
    if (version != block->version)
        throw ProtocolError(ErrorCode::conflict, "Iemand anders heeft deze aantekening intussen gewijzigd.",
                            {{"block", block_json(c, *block)}});
    return *block;
}

// One note.published for every member who may read what was published, about its most
// recently changed block (a from_join guest who may read any of them may read that
// one), so a publish makes at most one row per member; and action.assigned for the
// owners of its action blocks who had none for that block yet (a participant cannot
// see a draft, so this is when they learn of it).
void notify_published(storage::Connection& c, Change& change, const std::vector<storage::NoteBlock>& published,
                      std::int64_t actor_id, std::int64_t now) {
    auto newest = std::max_element(published.begin(), published.end(),
                                   [](const auto& a, const auto& b) { return a.updated_at < b.updated_at; });
    notify_members(c, change, about_block(*newest, 0, "note.published"), actor_id, now);
    ActionOwners owners(c, newest->session_id);
    for (const auto& block : published) {
        auto owner = owners.member_of(block);
        if (!owner) continue;
        auto n = about_block(block, *owner, "action.assigned");
        if (!storage::has_notification(c, *owner, n, false)) notify(c, change, n, actor_id, now);
    }
}

void notify_assigned(storage::Connection& c, Change& change, const ActionOwners& owners, const storage::NoteBlock& block,
                     std::optional<std::int64_t> before, std::int64_t actor_id, std::int64_t now) {
    auto owner = owners.member_of(block);
    if (owner && owner != before) notify(c, change, about_block(block, *owner, "action.assigned"), actor_id, now);
}

}  // namespace

NotesVerbs::NotesVerbs(Services& services, Hub& hub) : services_(services), hub_(hub) {}

void NotesVerbs::block_create(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    auto fields = read_fields(request.params, true);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), session_id, fields](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            require_session(c, caller, session_id, SessionAction::moderate, now);
            if (storage::count_blocks(c, session_id) >= max_blocks)
                throw ProtocolError(ErrorCode::too_large, "Het verslag heeft al 500 aantekeningen.");
            storage::NoteBlock block;
            block.session_id = session_id;
            apply(block, fields);
            block.created_by = block.updated_by = caller.id;
            block.created_at = block.updated_at = now;
            block = storage::add_block(c, block, fields.position);
            record_note_event(c, change, caller, now, "note.created", block);
            notify_assigned(c, change, ActionOwners(c, session_id), block, std::nullopt, caller.id, now);
            return {{"block", block_json(c, block)}};
        },
        std::move(finish));
}

void NotesVerbs::block_update(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto block_id = protocol::id_value(protocol::required_id(request.params, "block"));
    auto version = protocol::required_int(request.params, "version", 1, INT64_MAX);
    auto fields = read_fields(request.params, false);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), block_id, version, fields](storage::Connection& c,
                                                                 Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto block = block_to_change(c, caller, block_id, version, now);
            ActionOwners owners(c, block.session_id);
            auto owner_before = owners.member_of(block);
            apply(block, fields);
            block.updated_by = caller.id;
            block.updated_at = now;
            storage::update_block(c, block, fields.position);
            record_note_event(c, change, caller, now, "note.updated", block);
            notify_assigned(c, change, owners, block, owner_before, caller.id, now);
            return {{"block", block_json(c, block)}};
        },
        std::move(finish));
}

void NotesVerbs::block_delete(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto block_id = protocol::id_value(protocol::required_id(request.params, "block"));
    auto version = protocol::required_int(request.params, "version", 1, INT64_MAX);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), block_id, version](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto block = block_to_change(c, caller, block_id, version, now);
            storage::delete_block(c, block);
            record_note_event(c, change, caller, now, "note.deleted", block);
            return nlohmann::json::object();
        },
        std::move(finish));
}

void NotesVerbs::publish(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    run_change(
        services_, hub_,
        [this, id = client->user_id(), session_id](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            require_session(c, caller, session_id, SessionAction::moderate, now);
            auto blocks = nlohmann::json::array();
            auto member_blocks = nlohmann::json::array();
            std::optional<std::int64_t> oldest;  // the event's subject: its oldest block
            auto published = storage::publish_drafts(c, session_id, now);
            for (const auto& block : published) {
                blocks.push_back(block_json(c, block));
                member_blocks.push_back(block_json(c, block, false));
                oldest = std::min(oldest.value_or(block.updated_at), block.updated_at);
            }
            if (blocks.empty()) return {{"blocks", blocks}};
            notify_published(c, change, published, caller.id, now);
            EventDraft event("note.published", {{"blocks", member_blocks}, {"order", notes_order_json(c, session_id, false)}});
            event.subject_at = oldest;
            event.moderator_payload = {{"blocks", blocks}, {"order", notes_order_json(c, session_id, true)}};
            record_event(c, change, session_id, now, caller, std::move(event));
            audit_action(c, now, caller.id, "notes.publish", AuditTarget{"session", session_id},
                         {session_id, "", {{"blocks", blocks.size()}}});
            return {{"blocks", blocks}};
        },
        std::move(finish));
}

}  // namespace kl::app
