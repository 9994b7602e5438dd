#include "server/app/threads/post_verbs.hpp"

#include "protocol/fields.hpp"
#include "protocol/time.hpp"
#include "protocol/vocabulary.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/access/posting_rules.hpp"
#include "server/app/access/session_limits.hpp"
#include "server/app/access/thread_access.hpp"
#include "server/app/accounts/user_json.hpp"
#include "server/app/core/session_change.hpp"
#include "server/app/notifications/notify.hpp"
#include "server/app/sessions/session_json.hpp"
#include "server/app/threads/post_events.hpp"
#include "server/app/threads/post_json.hpp"
#include "server/app/threads/thread_verbs.hpp"
#include "storage/connection.hpp"
#include "storage/documents.hpp"
#include "storage/notifications.hpp"

#include <algorithm>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

// PROTOCOL.md 1.1: at most 20 mentions per post.
constexpr std::size_t max_mentions_per_post = 20;
// Documents one post may carry (post.create's "documents").
constexpr std::size_t max_documents_per_post = 10;

std::string required_body(const nlohmann::json& params) {
    return protocol::required_string(params, "body", 1, max_post_body_chars, protocol::Text::multi_line);
}

nlohmann::json flag_json(storage::Connection& c, const storage::Flag& flag) {
    auto by = storage::find_user(c, flag.flagged_by);
    return {{"id", std::to_string(flag.id)},
            {"reason", flag.reason},
            {"flagged_by", by ? user_summary(*by) : nlohmann::json(nullptr)},
            {"at", protocol::time_json(flag.at)}};
}

// The people a post mentions are notified (on post.create, and on post.edit those the
// edit names anew: whoever holds a notification about this post already is not
// notified again). A mention is the author's claim that the person will read the post,
// so it must hold: every mentioned person is a member who may read it now (not a
// whisper to a participant, not a post still waiting for approval), or the post (or
// the edit) is refused and nothing changes.
void notify_mentions(storage::Connection& c, Change& change, const storage::Post& post,
                     const std::vector<std::int64_t>& mentions, std::int64_t now) {
    for (auto user : mentions) {
        if (user == post.author_id) continue;
        auto member = active_membership(c, post.session_id, user, now);
        if (!member || !Reader::of(*member).may_read(post))
            throw ProtocolError(ErrorCode::bad_request,
                                "Je kunt alleen leden van deze sessie noemen die dit bericht mogen lezen.");
    }
    for (auto user : mentions)
        if (!storage::has_notification_about_post(c, user, post.id))
            notify(c, change, about_post(post, user, "mention"), post.author_id, now);
}

// A new post's mentions, and the author of the post it replies to (not also when they
// are mentioned).
void notify_mentions_and_reply(storage::Connection& c, Change& change, const storage::Post& post,
                               const std::vector<std::int64_t>& mentions, std::int64_t now) {
    notify_mentions(c, change, post, mentions, now);
    if (!post.reply_to) return;
    auto target = storage::find_post(c, *post.reply_to);
    if (!target || std::find(mentions.begin(), mentions.end(), target->author_id) != mentions.end()) return;
    // The gate decides: a reply its author may not read (a whisper, a pending post) makes nothing.
    auto member = active_membership(c, post.session_id, target->author_id, now);
    if (member && Reader::of(*member).may_read(post))
        notify(c, change, about_post(post, target->author_id, "reply"), post.author_id, now);
}

}  // namespace

namespace {

// The documents a new post is to carry: each the author's own upload in the session,
// not attached yet, visible or waiting for approval. Anything else is refused, so a
// post never shows someone else's file or moves one from another post.
std::vector<storage::Document> attachable_documents(storage::Connection& c, const std::vector<std::int64_t>& ids,
                                                    std::int64_t author_id, std::int64_t session_id) {
    std::vector<storage::Document> documents;
    for (auto id : ids) {
        auto document = storage::find_document(c, id);
        if (!document || document->session_id != session_id || document->uploaded_by != author_id ||
            document->post_id || (document->state != "visible" && document->state != "pending"))
            throw ProtocolError(ErrorCode::bad_request,
                                "Een bijlage is niet van jou, hoort bij een andere sessie of bij een ander bericht.");
        documents.push_back(*document);
    }
    return documents;
}

}  // namespace

PostVerbs::PostVerbs(Services& services, Hub& hub) : services_(services), hub_(hub) {}

void PostVerbs::create(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    const auto& params = request.params;
    auto thread_id = protocol::id_value(protocol::required_id(params, "thread"));
    storage::Post post;
    post.body = required_body(params);
    post.attribution = protocol::optional_enum(params, "attribution", protocol::attributions).value_or("named");
    post.client_msg_id = protocol::required_string(params, "client_msg_id", 1, 64);
    post.whisper = protocol::optional_bool(params, "whisper").value_or(false);
    if (auto reply = protocol::optional_id(params, "reply_to")) post.reply_to = protocol::id_value(*reply);
    auto mentions = protocol::optional_id_list(params, "mentions", max_mentions_per_post);
    auto documents = protocol::optional_id_list(params, "documents", max_documents_per_post);
    post.personal_data = personal_data_marks(post.body);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), thread_id, post, mentions, documents](storage::Connection& c,
                                                                             Change& change) mutable -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto access = require_thread(c, caller, thread_id, SessionAction::post, now);
            auto view = PostView::of(access.reader());
            // A retry of a request whose answer was lost: answer the post made the first
            // time, in this thread. The same id on another post of this session is a
            // client's mistake, answered as such (and never with that other post).
            if (auto earlier = storage::find_post_by_client_msg(c, access.thread.session_id, caller.id, *post.client_msg_id)) {
                if (earlier->thread_id != thread_id)
                    throw ProtocolError(ErrorCode::conflict, "Dit client_msg_id hoort al bij een ander bericht.");
                return {{"post", post_json(c, *earlier, view)}};
            }
            if (post.whisper && !access.moderator())
                throw ProtocolError(ErrorCode::forbidden, "Alleen moderatoren schrijven notities voor moderatoren.");
            if (post.reply_to) {
                auto target = storage::find_post(c, *post.reply_to);
                if (!target || target->thread_id != thread_id || !access.reader().may_see(*target))
                    throw ProtocolError(ErrorCode::bad_request, "Het bericht waarop je reageert staat niet in dit gesprek.");
            }
            // Only slow mode needs the author's last post (a scan of the thread's posts).
            auto last_post = access.thread.slow_mode_seconds > 0 ? storage::last_post_time(c, thread_id, caller.id)
                                                                 : std::nullopt;
            check_may_post(access.thread, *access.member, now, last_post);
            post.thread_id = thread_id;
            post.session_id = access.thread.session_id;
            post.author_id = caller.id;
            post.created_at = now;
            post.state = initial_post_state(access.session, access.member->role, post.whisper);
            if (post.state == "pending") require_room_to_wait(c, services_.config.session_limits, post.session_id);
            auto attachments = attachable_documents(c, documents, caller.id, post.session_id);
            auto stored = storage::create_post(c, post);
            // In the same transaction as the post, before its event shows them.
            for (auto& document : attachments) {
                document.post_id = stored.id;
                document.thread_id = thread_id;
                storage::update_document(c, document);
            }
            // What the event shows is known here: the thread as loaded above (a new post
            // changes only its counts), and the caller as its author.
            auto facts = record_post_event(
                c, change, stored, caller, now,
                {stored.state == "pending" ? "post.pending" : "post.created", true, nlohmann::json::object(),
                 post_audience(stored, access.thread)},
                new_post_facts(c, stored, caller, !attachments.empty()));
            notify_mentions_and_reply(c, change, stored, mentions, now);
            if (stored.state == "pending") notify_queue_waiting(c, change, stored.session_id, caller.id, now);
            storage::mark_thread_read(c, thread_id, caller.id);
            return {{"post", post_json(c, stored, facts, view)}};
        },
        std::move(finish));
}

void PostVerbs::edit(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto post_id = protocol::id_value(protocol::required_id(request.params, "post"));
    auto body = required_body(request.params);
    auto mentions = protocol::optional_id_list(request.params, "mentions", max_mentions_per_post);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), post_id, body, mentions](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto access = require_post(c, caller, post_id, SessionAction::post, now);
            auto& post = access.post;
            check_may_change_own_post(post, caller.id, access.session, access.member->role, OwnChange::edit);
            if (body == post.body) return {{"post", post_json(c, post, PostView::of(caller.id, access.moderator()))}};
            check_may_post(access.thread, *access.member, now, std::nullopt);
            storage::add_revision(c, post.id, post.body, post.edited_at.value_or(post.created_at));
            post.body = body;
            post.edited_at = now;
            post.personal_data = personal_data_marks(body);
            storage::update_post(c, post);
            refresh_post_events(c, post);
            record_post_event(c, change, post, caller, now, {"post.edited", true});
            notify_mentions(c, change, post, mentions, now);
            return {{"post", post_json(c, post, PostView::of(caller.id, access.moderator()))}};
        },
        std::move(finish));
}

void PostVerbs::remove(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto post_id = protocol::id_value(protocol::required_id(request.params, "post"));
    run_change(
        services_, hub_,
        [this, id = client->user_id(), post_id](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto access = require_post(c, caller, post_id, SessionAction::post, now);
            auto& post = access.post;
            check_may_change_own_post(post, caller.id, access.session, access.member->role, OwnChange::remove);
            auto audience = post_audience(c, post);  // those who saw it learn that it is gone
            post.state = "deleted";
            storage::update_post(c, post);
            refresh_post_events(c, post);
            record_post_event(c, change, post, caller, now, {"post.deleted", true, nlohmann::json::object(), audience});
            return {{"post", post_json(c, post, PostView::of(caller.id, access.moderator()))}};
        },
        std::move(finish));
}

void PostVerbs::flag(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto post_id = protocol::id_value(protocol::required_id(request.params, "post"));
    auto reason = protocol::required_string(request.params, "reason", 1, 500, protocol::Text::multi_line);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), post_id, reason](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto access = require_post(c, caller, post_id, SessionAction::flag, now);
            if (access.post.state != "visible")
                throw ProtocolError(ErrorCode::bad_request, "Alleen zichtbare berichten kun je melden.");
            require_room_to_wait(c, services_.config.session_limits, access.post.session_id);
            storage::Flag flag;
            flag.post_id = post_id;
            flag.session_id = access.post.session_id;
            flag.flagged_by = caller.id;
            flag.reason = reason;
            flag.at = now;
            auto added = storage::add_flag(c, flag);
            if (!added) throw ProtocolError(ErrorCode::conflict, "Je hebt dit bericht al gemeld.");
            refresh_post_events(c, access.post);  // the open-flag count moderators see
            record_post_event(c, change, access.post, caller, now,
                              {"post.flagged", false, {{"flag", flag_json(c, *added)}}, Audience::moderators()});
            notify_queue_waiting(c, change, access.post.session_id, caller.id, now);
            return nlohmann::json::object();
        },
        std::move(finish));
}

void PostVerbs::history(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto post_id = protocol::id_value(protocol::required_id(request.params, "post"));
    run_read(
        services_.pool,
        [this, id = client->user_id(), post_id](storage::Connection& c) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto access = require_post(c, caller, post_id, SessionAction::read, services_.now());
            const auto& post = access.post;
            if (!access.reader().may_see_revisions(post))
                throw ProtocolError(ErrorCode::forbidden, "Alleen de schrijver en moderatoren zien eerdere versies.");
            auto revisions = nlohmann::json::array();
            if (post.state != "redacted") {
                for (const auto& revision : storage::list_revisions(c, post_id))
                    revisions.push_back({{"body", revision.body}, {"at", protocol::time_json(revision.at)}});
                revisions.push_back({{"body", post.body}, {"at", protocol::time_json(post.edited_at.value_or(post.created_at))}});
            }
            return {{"revisions", revisions}};
        },
        std::move(finish));
}

}  // namespace kl::app
