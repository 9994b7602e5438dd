#include "server/app/user_erasure/user_eraser.hpp"

#include "server/app/core/session_change.hpp"
#include "server/app/threads/post_events.hpp"
#include "storage/board.hpp"
#include "storage/connection.hpp"
#include "storage/documents.hpp"
#include "storage/fulltext_merge.hpp"
#include "storage/posts.hpp"
#include "storage/retention.hpp"
#include "storage/sessions.hpp"
#include "storage/user_erasure.hpp"
#include "storage/users.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace kl::app {

namespace {

using storage::UserErasureStage;

// Anonymises every user object of the erased person in an event ({"id": "<id>",
// "display_name": …}, as in actors, authors, card and note people, members) and, after a
// redaction, blanks the texts of the cards and documents it erased. True when it changed.
bool scrub(storage::Connection& c, const storage::UserErasure& erasure, const std::string& id, nlohmann::json& json) {
    bool changed = false;
    if (json.is_object()) {
        if (json.contains("id") && json["id"] == id && json.contains("display_name")) {
            json["display_name"] = storage::erased_person_label;
            if (json.contains("organisation")) json["organisation"] = {{"type", "other"}, {"name", ""}};
            if (json.contains("email")) json["email"] = "";
            changed = true;
        }
        // An event the author caused shows them as their post's attribution said
        // ({"id": null, "display_name": "Gemeente …"}); the post is refreshed by now.
        if (json.contains("actor") && json["actor"].is_object() && json["actor"].contains("id") &&
            json["actor"]["id"].is_null() && json.contains("post") && json["post"].is_object() &&
            json["post"].value("author_label", "") == storage::erased_person_label &&
            json["actor"].value("display_name", "") != storage::erased_person_label) {
            json["actor"]["display_name"] = storage::erased_person_label;
            changed = true;
        }
        if (erasure.posts == "redact")
            for (const auto* kind : {"card", "document"}) {
                if (!json.contains(kind) || !json[kind].is_object() || !json[kind].contains("id")) continue;
                auto& item = json[kind];
                if (!item["id"].is_string()) continue;
                auto item_id = std::stoll(item["id"].get<std::string>());
                if (!storage::is_erased_item(c, erasure.user_id, kind, item_id)) continue;
                for (const auto* field : {"title", "body", "name"})
                    if (item.contains(field) && item[field] != "") {
                        item[field] = "";
                        changed = true;
                    }
            }
        for (auto& [key, value] : json.items()) changed = scrub(c, erasure, id, value) || changed;
    } else if (json.is_array()) {
        for (auto& value : json) changed = scrub(c, erasure, id, value) || changed;
    }
    return changed;
}

// At most posts_per_job posts, and fewer once the job has taken its time (a redaction
// rewrites the post's events too): the next job goes on after the last one done.
void erase_posts(storage::Connection& c, storage::UserErasure& erasure, std::int64_t now) {
    auto deadline = std::chrono::steady_clock::now() + storage::erase_budget_per_job;
    auto ids = storage::posts_of_user(c, erasure.user_id, erasure.cursor, UserEraser::posts_per_job);
    for (auto id : ids) {
        // At least one post a job, so that every job makes progress.
        if (id != ids.front() && std::chrono::steady_clock::now() >= deadline) {
            erasure.cursor = id - 1;  // posts_of_user goes on after the cursor, in id order
            return;
        }
        auto post = storage::find_post(c, id);
        if (!post) continue;
        if (erasure.posts == "redact" && post->state != "redacted") {
            post->state = "redacted";
            post->moderation_action = "redact";
            post->moderation_reason = "";
            post->moderated_by = erasure.actor_id;
            post->moderated_at = now;
            erase_post_for_good(c, *post);  // the fulltext stage merges posts_fts once, at the end
            storage::close_flags_of_post(c, post->id, now);
        }
        refresh_post_events(c, *post);
    }
    if (ids.size() < static_cast<std::size_t>(UserEraser::posts_per_job)) {
        erasure.stage = erasure.posts == "redact" ? UserErasureStage::cards : UserErasureStage::events;
        erasure.cursor = 0;
    } else {
        erasure.cursor = ids.back();
    }
}

void erase_cards(storage::Connection& c, storage::UserErasure& erasure) {
    auto ids = storage::cards_of_user(c, erasure.user_id, erasure.cursor, UserEraser::cards_per_job);
    for (auto id : ids) {
        auto card = storage::find_card(c, id);
        if (!card) continue;
        storage::note_erased_item(c, erasure.user_id, "card", card->id);
        storage::delete_card(c, *card);
        // The post it quoted is no longer on the board.
        if (card->source_post)
            if (auto source = storage::find_post(c, *card->source_post)) refresh_post_events(c, *source);
    }
    if (ids.size() < static_cast<std::size_t>(UserEraser::cards_per_job)) {
        erasure.stage = UserErasureStage::documents;
        erasure.cursor = 0;
    } else {
        erasure.cursor = ids.back();
    }
}

// One document a job: one may be 25 MiB, which secure_delete zeroes.
void erase_documents(storage::Connection& c, storage::UserErasure& erasure, std::int64_t now) {
    auto ids = storage::documents_of_user(c, erasure.user_id, erasure.cursor, 1);
    if (ids.empty()) {
        erasure.stage = UserErasureStage::events;
        erasure.cursor = 0;
        return;
    }
    erasure.cursor = ids.front();
    auto document = storage::find_document(c, ids.front());
    if (!document) return;
    storage::note_erased_item(c, erasure.user_id, "document", document->id);
    storage::erase_document_content(c, document->id);
    storage::blank_document_name(c, document->id);
    if (document->state != "redacted" && document->state != "deleted") {
        document->state = "redacted";
        document->moderation_action = "redact";
        document->moderation_reason = "";
        document->moderated_by = erasure.actor_id;
        document->moderated_at = now;
        storage::update_document(c, *document);
    }
}

// The events of the touched sessions, rows_per_job at a time, session by session.
void scrub_events(storage::Connection& c, storage::UserErasure& erasure) {
    auto sessions = storage::user_erasure_sessions(c, erasure.user_id);
    auto id = std::to_string(erasure.user_id);
    for (auto session : sessions) {
        if (session < erasure.cursor_session) continue;
        if (session > erasure.cursor_session) {
            erasure.cursor_session = session;
            erasure.cursor = 0;
        }
        auto events = storage::events_page(c, session, erasure.cursor, UserEraser::rows_per_job);
        if (!events.empty()) {
            erasure.cursor = events.back().seq;
            edit_stored_events(c, events, [&](nlohmann::json& json) { return scrub(c, erasure, id, json); });
        }
        if (events.size() == static_cast<std::size_t>(UserEraser::rows_per_job)) return;
        // This session is done: the next one in the next job.
        erasure.cursor_session = session + 1;
        erasure.cursor = 0;
        return;
    }
    erasure.stage = UserErasureStage::audit;
    erasure.cursor = 0;
    erasure.cursor_session = 0;
}

// The last job: the erasure is finished, and each touched session gets a user.erased
// event, which tells its clients to load it again.
void finish(storage::Connection& c, Change& change, const storage::UserErasure& erasure, std::int64_t now) {
    storage::finish_user_erasure(c, erasure.user_id, now);
    storage::User actor;
    if (erasure.actor_id)
        if (auto found = storage::find_user(c, *erasure.actor_id)) actor = *found;
    nlohmann::json person = {{"id", std::to_string(erasure.user_id)},
                             {"display_name", storage::erased_person_label}};
    for (auto session : storage::user_erasure_sessions(c, erasure.user_id))
        if (storage::find_session(c, session))
            record_event(c, change, session, now, actor, EventDraft("user.erased", {{"user", person}}));
}

}  // namespace

void UserEraser::kick() {
    {
        std::lock_guard lock(mutex_);
        started_ = true;
        if (running_) {
            again_ = true;
            return;
        }
        running_ = true;
    }
    step();
}

void UserEraser::tick() {
    {
        std::lock_guard lock(mutex_);
        if (started_) return;
    }
    kick();
}

void UserEraser::step() {
    run_change(
        services_, hub_,
        [this](storage::Connection& c, Change& change) -> nlohmann::json {
            auto erasure = storage::next_user_erasure(c);
            if (!erasure) return {{"more", false}, {"forget", nlohmann::json::array()}};
            auto now = services_.now();
            nlohmann::json sessions = nlohmann::json::array();
            switch (erasure->stage) {
                case UserErasureStage::notifications:
                    if (storage::delete_user_notifications(c, erasure->user_id, rows_per_job) < rows_per_job)
                        erasure->stage = UserErasureStage::posts;
                    break;
                case UserErasureStage::posts:
                    erase_posts(c, *erasure, now);
                    break;
                case UserErasureStage::cards:
                    erase_cards(c, *erasure);
                    break;
                case UserErasureStage::documents:
                    erase_documents(c, *erasure, now);
                    break;
                case UserErasureStage::events:
                    scrub_events(c, *erasure);
                    break;
                case UserErasureStage::audit: {
                    auto last = storage::scrub_user_audit(c, erasure->user_id, erasure->cursor, rows_per_job);
                    if (last == erasure->cursor)
                        erasure->stage =
                            erasure->posts == "redact" ? UserErasureStage::fulltext : UserErasureStage::finished;
                    erasure->cursor = last;
                    break;
                }
                case UserErasureStage::fulltext:
                    // Redacted posts, cards and documents left their tokens in older segments.
                    if (storage::merge_fulltext(c, {storage::posts_index, storage::cards_index,
                                                    storage::documents_index}))
                        erasure->stage = UserErasureStage::finished;
                    break;
                case UserErasureStage::finished:
                    break;
            }
            if (erasure->stage == UserErasureStage::finished) {
                finish(c, change, *erasure, now);
                for (auto session : storage::user_erasure_sessions(c, erasure->user_id)) sessions.push_back(session);
                spdlog::info("user erasure: user {} is erased", erasure->user_id);
            } else {
                storage::save_user_erasure(c, *erasure);
            }
            return {{"more", true}, {"forget", sessions}};
        },
        [this](Outcome outcome) {
            if (failed(outcome)) {
                spdlog::warn("user erasure: a batch failed; tried again at the next start or erasure");
                return stop();
            }
            for (const auto& session : result(outcome)["forget"]) boards_.forget(session.get<std::int64_t>());
            if (result(outcome)["more"].get<bool>()) return step();
            stop();
        },
        storage::WriteLane::background);
}

void UserEraser::stop() {
    {
        std::lock_guard lock(mutex_);
        if (!again_) {
            running_ = false;
            return;
        }
        again_ = false;
    }
    step();
}

}  // namespace kl::app
