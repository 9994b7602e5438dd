#include "server/app/threads/thread_events.hpp"

#include "server/app/access/reader.hpp"
#include "server/app/threads/post_json.hpp"
#include "storage/events.hpp"

namespace kl::app {

Audience thread_audience(const storage::Thread& thread) {
    return thread.pending ? Audience::moderators_and(thread.created_by) : Audience::everyone();
}

void record_thread_event(storage::Connection& connection, Change& change, const storage::Thread& thread,
                         const storage::User& actor, std::int64_t now, const std::string& kind) {
    EventDraft event(kind, {{"thread", thread_json(thread)}}, thread_audience(thread));
    event.subject_at = thread_seen_since(thread);
    record_event(connection, change, thread.session_id, now, actor, std::move(event));
}

namespace {

// Sets the thread's title in one event object wherever it carries it; true when it
// changed anything.
bool retitle_in(nlohmann::json& event, const std::string& thread_id, const std::string& title) {
    bool changed = false;
    auto set = [&](nlohmann::json& holder, const char* id_key, const char* title_key) {
        if (!holder.is_object()) return;
        auto id = holder.find(id_key);
        auto old = holder.find(title_key);
        if (id == holder.end() || *id != thread_id || old == holder.end() || *old == title) return;
        *old = title;
        changed = true;
    };
    if (auto thread = event.find("thread"); thread != event.end()) set(*thread, "id", "title");
    if (auto card = event.find("card"); card != event.end() && card->is_object())
        if (auto source = card->find("source_post"); source != card->end()) set(*source, "thread", "thread_title");
    return changed;
}

}  // namespace

void erase_old_title_from_events(storage::Connection& connection, const storage::Thread& thread,
                                 const std::string& old_title) {
    // Events are stored as nlohmann's dump, so the title appears there exactly as its
    // JSON string does without the quotes: that finds every candidate with one scan of
    // the session's log instead of parsing all of it.
    auto quoted = nlohmann::json(old_title).dump();
    auto needle = quoted.substr(1, quoted.size() - 2);
    auto id = std::to_string(thread.id);
    edit_stored_events(connection, storage::events_containing(connection, thread.session_id, needle),
                       [&](nlohmann::json& event) { return retitle_in(event, id, thread.title); });
}

}  // namespace kl::app
