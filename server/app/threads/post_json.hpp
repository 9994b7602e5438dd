#pragma once
// Wire forms of threads and posts. A post looks different to different people: the
// attribution its author chose hides the person from other members, moderators always
// see the author, and only some states carry the text (see PROTOCOL.md, Threads and
// posts).
#include "server/app/access/reader.hpp"
#include "storage/documents.hpp"
#include "storage/posts.hpp"
#include "storage/threads.hpp"
#include "storage/users.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace kl::storage {
class Connection;
}

namespace kl::app {

// Who a post is shown to.
struct PostView {
    bool moderator = false;
    std::int64_t viewer_id = 0;     // 0: the shared form stored in events (no "mine")
    std::int64_t history_from = 0;  // a from_join guest's: older attachments are left out

    static PostView everyone() { return {}; }
    static PostView moderators() { return {true, 0}; }
    static PostView of(std::int64_t user_id, bool moderator) { return {moderator, user_id}; }
    static PostView of(const Reader& reader) { return {reader.moderator, reader.user_id, reader.history_from}; }
    // The gate for what the post carries (its attachments).
    Reader reader() const { return {viewer_id, moderator, history_from, 0}; }
};

// "Jan Jansen", "Gemeente Utrecht" or "een gemeente", as the attribution says.
std::string author_label(const storage::Post& post, const storage::User& author);
// The same for any attribution (a document's uploader is shown the same way).
std::string attribution_label(const std::string& attribution, const storage::User& person);

// What a post's wire form needs besides the post: read once, shown to every view of it
// (an event stores two forms and the answer a third; each lookup per form was a fifth
// of a post's work on the writer).
struct PostFacts {
    storage::User author;
    bool on_board = false;
    std::vector<storage::Document> documents;  // all attached; post_json asks the gate per view
    std::int64_t open_flags = 0;
    std::optional<storage::User> moderator;  // who moderated it, if anyone
};
PostFacts post_facts(storage::Connection& connection, const storage::Post& post);
// The same for a post that author created in this transaction, without asking the
// database what cannot be there yet: it is on no board, has no flags and no moderator.
// Its documents are read only when it was given some (with_documents).
PostFacts new_post_facts(storage::Connection& connection, const storage::Post& post, const storage::User& author,
                         bool with_documents);

// The post as view may see it: the attached documents each as the gate lets view see it
// ("documents": those it may not see are left out).
nlohmann::json post_json(storage::Connection& connection, const storage::Post& post, const PostFacts& facts,
                         const PostView& view);
// The same, reading the facts first.
nlohmann::json post_json(storage::Connection& connection, const storage::Post& post, const PostView& view);

// The actor of an event the author caused (created, edited, deleted), as view may see it.
nlohmann::json author_actor_json(const storage::Post& post, const storage::User& author, const PostView& view);
nlohmann::json author_actor_json(storage::Connection& connection, const storage::Post& post, const PostView& view);

nlohmann::json thread_json(const storage::Thread& thread);
// The thread as one user sees it in an answer: with their unread count.
nlohmann::json thread_json(storage::Connection& connection, const storage::Thread& thread, std::int64_t user_id);

}  // namespace kl::app
