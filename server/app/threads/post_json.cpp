#include "server/app/threads/post_json.hpp"

#include "protocol/time.hpp"
#include "protocol/vocabulary.hpp"
#include "server/app/accounts/user_json.hpp"
#include "server/app/documents/document_json.hpp"
#include "server/app/sessions/session_json.hpp"
#include "storage/board.hpp"
#include "storage/documents.hpp"

#include <cassert>

namespace kl::app {

namespace {

bool shows_text(const storage::Post& post, const PostView& view) {
    if (post.state == "visible" || post.state == "pending" || post.state == "rejected") return true;
    return view.moderator && post.state == "hidden";
}

bool shows_author(const storage::Post& post, const PostView& view) {
    return post.attribution == "named" || view.moderator || (view.viewer_id != 0 && view.viewer_id == post.author_id);
}

nlohmann::json personal_data_json(const std::string& kinds) {
    auto list = nlohmann::json::array();
    std::size_t start = 0;
    while (start < kinds.size()) {
        auto comma = kinds.find(',', start);
        if (comma == std::string::npos) comma = kinds.size();
        if (comma > start) list.push_back(kinds.substr(start, comma - start));
        start = comma + 1;
    }
    return list;
}

}  // namespace

std::string attribution_label(const std::string& attribution, const storage::User& person) {
    // An erased person's tombstone has no organisation left to show (user.erase).
    if (person.erased_at) return person.display_name;
    if (attribution == "organisation" && !person.organisation_name.empty()) return person.organisation_name;
    if (attribution == "organisation" || attribution == "organisation_type")
        return std::string(protocol::organisation_type_label(person.organisation_type));
    return person.display_name;
}

std::string author_label(const storage::Post& post, const storage::User& author) {
    return attribution_label(post.attribution, author);
}

PostFacts post_facts(storage::Connection& connection, const storage::Post& post) {
    PostFacts facts;
    facts.author = storage::find_user(connection, post.author_id).value_or(storage::User{});
    facts.on_board = storage::post_on_board(connection, post.id);
    facts.documents = storage::documents_of_post(connection, post.id);
    facts.open_flags = storage::open_flag_count(connection, post.id);
    if (post.moderation_action && post.moderated_by) facts.moderator = storage::find_user(connection, *post.moderated_by);
    return facts;
}

PostFacts new_post_facts(storage::Connection& connection, const storage::Post& post, const storage::User& author,
                         bool with_documents) {
    assert(author.id == post.author_id && !post.moderation_action);
    PostFacts facts;
    facts.author = author;
    if (with_documents) facts.documents = storage::documents_of_post(connection, post.id);
    return facts;
}

nlohmann::json post_json(storage::Connection& connection, const storage::Post& post, const PostFacts& facts,
                         const PostView& view) {
    // Member by member rather than a braced list, which builds a two-element array per
    // member first: each post is shaped three times on the writer (everyone's and the
    // moderators' event, the author's answer). The object is the same.
    nlohmann::json json = nlohmann::json::object();
    json["id"] = std::to_string(post.id);
    json["thread"] = std::to_string(post.thread_id);
    json["session"] = std::to_string(post.session_id);
    json["state"] = post.state;
    json["reply_to"] = post.reply_to ? nlohmann::json(std::to_string(*post.reply_to)) : nlohmann::json(nullptr);
    json["attribution"] = post.attribution;
    json["author_label"] = author_label(post, facts.author);
    json["created_at"] = protocol::time_json(post.created_at);
    json["edited_at"] = protocol::time_json(post.edited_at);
    json["whisper"] = post.whisper;
    json["on_board"] = facts.on_board;
    if (shows_text(post, view)) json["body"] = post.body;
    auto documents = nlohmann::json::array();
    auto reader = view.reader();
    for (const auto& document : facts.documents)
        if (reader.may_see(document)) documents.push_back(document_json(connection, document, view.viewer_id, view.moderator));
    json["documents"] = std::move(documents);
    if (shows_author(post, view)) json["author"] = user_summary(facts.author);
    if (view.viewer_id != 0) json["mine"] = view.viewer_id == post.author_id;
    if (view.moderator) {
        json["personal_data"] = personal_data_json(post.personal_data);
        json["flags"] = facts.open_flags;
        nlohmann::json moderation = nullptr;
        if (post.moderation_action) {
            nlohmann::json by = nullptr;
            if (facts.moderator) by = {{"id", std::to_string(facts.moderator->id)}, {"display_name", facts.moderator->display_name}};
            moderation = {{"action", *post.moderation_action},
                          {"reason", post.moderation_reason.value_or("")},
                          {"by", by},
                          {"at", protocol::time_json(post.moderated_at)}};
        }
        json["moderation"] = moderation;
    }
    return json;
}

nlohmann::json post_json(storage::Connection& connection, const storage::Post& post, const PostView& view) {
    return post_json(connection, post, post_facts(connection, post), view);
}

nlohmann::json author_actor_json(const storage::Post& post, const storage::User& author, const PostView& view) {
    if (shows_author(post, view)) return {{"id", std::to_string(author.id)}, {"display_name", author.display_name}};
    return {{"id", nullptr}, {"display_name", author_label(post, author)}};
}

nlohmann::json author_actor_json(storage::Connection& connection, const storage::Post& post, const PostView& view) {
    return author_actor_json(post, storage::find_user(connection, post.author_id).value_or(storage::User{}), view);
}

nlohmann::json thread_json(const storage::Thread& thread) {
    return {{"id", std::to_string(thread.id)},
            {"session", std::to_string(thread.session_id)},
            {"title", thread.title},
            {"kind", thread.kind},
            {"status", thread.status},
            {"pinned", thread.pinned},
            {"slow_mode_seconds", thread.slow_mode_seconds},
            {"pending", thread.pending},
            {"created_at", protocol::time_json(thread.created_at)},
            {"last_activity_at", protocol::time_json(thread.last_activity_at.value_or(thread.created_at))},
            {"post_count", thread.post_count}};
}

nlohmann::json thread_json(storage::Connection& connection, const storage::Thread& thread, std::int64_t user_id) {
    auto json = thread_json(thread);
    json["unread"] = storage::unread_count(connection, thread.id, user_id);
    return json;
}

}  // namespace kl::app
