#include "server/app/threads/moderation_verbs.hpp"

#include "protocol/fields.hpp"
#include "protocol/paging.hpp"
#include "protocol/time.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/access/thread_access.hpp"
#include "server/app/accounts/user_json.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/core/erasure_answer.hpp"
#include "server/app/core/session_change.hpp"
#include "server/app/documents/document_json.hpp"
#include "server/app/notifications/notify.hpp"
#include "server/app/sessions/session_json.hpp"
#include "server/app/threads/post_events.hpp"
#include "server/app/threads/post_json.hpp"
#include "server/app/threads/thread_events.hpp"
#include "storage/audit.hpp"
#include "storage/connection.hpp"
#include "storage/documents.hpp"
#include "storage/fulltext_merge.hpp"

#include <algorithm>
#include <cstdio>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

ModerationVerbs::ModerationVerbs(Services& services, Hub& hub) : services_(services), hub_(hub) {}

namespace {

// The queue's paging cursor, opaque to clients: "<at>.<kind>.<id>" of the last item of
// the page before (storage::WaitingItem; kind 0 a post, 1 a flag, 2 a document).
std::string queue_cursor(const storage::WaitingItem& item) {
    return std::to_string(item.at) + "." + std::to_string(static_cast<int>(item.kind)) + "." + std::to_string(item.id);
}

std::optional<storage::WaitingItem> parse_queue_cursor(const nlohmann::json& params) {
    auto text = protocol::optional_string(params, "before", 1, 64);
    if (!text) return std::nullopt;
    storage::WaitingItem item;
    int kind = -1;
    char tail = 0;
    long long at = 0, id = 0;
    if (std::sscanf(text->c_str(), "%lld.%d.%lld%c", &at, &kind, &id, &tail) != 3 || kind < 0 || kind > 2 || at < 0 ||
        id <= 0)
        throw ProtocolError(ErrorCode::bad_request, "Ongeldige waarde voor before.");
    item.at = at;
    item.kind = static_cast<storage::WaitingItem::Kind>(kind);
    item.id = id;
    return item;
}

}  // namespace

// Newest first, a page at a time: a session's queue is bounded (session_limits.hpp),
// and a page of posts of up to 20,000 characters each stays a small answer.
void ModerationVerbs::queue(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    auto before = parse_queue_cursor(request.params);
    auto limit = static_cast<int>(protocol::optional_int(request.params, "limit", 1, 100).value_or(50));
    run_read(
        services_.pool,
        [this, id = client->user_id(), session_id, before, limit](storage::Connection& c) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            return storage::in_read_transaction(c, [&]() -> nlohmann::json {
                auto access = require_session(c, caller, session_id, SessionAction::read, services_.now());
                if (!access.member || access.member->role != "moderator")
                    throw ProtocolError(ErrorCode::forbidden, "Alleen moderatoren zien de moderatiewachtrij.");
                auto view = PostView::of(caller.id, true);
                auto items = storage::waiting_items(c, session_id, before, limit + 1);
                bool has_more = protocol::take_page(items, limit);
                auto pending = nlohmann::json::array();
                auto flags = nlohmann::json::array();
                auto documents = nlohmann::json::array();
                for (const auto& item : items) {
                    if (item.kind == storage::WaitingItem::Kind::document) {
                        auto document = storage::find_document(c, item.id);
                        if (document && access.reader().may_see(*document))
                            documents.push_back(document_json(c, *document, caller.id, true));
                        continue;
                    }
                    if (item.kind == storage::WaitingItem::Kind::post) {
                        if (auto post = storage::find_post(c, item.id)) pending.push_back(post_json(c, *post, view));
                        continue;
                    }
                    auto flag = storage::find_flag(c, item.id);
                    if (!flag || !access.reader().may_see(*flag)) continue;
                    auto post = storage::find_post(c, flag->post_id);
                    auto by = storage::find_user(c, flag->flagged_by);
                    flags.push_back({{"id", std::to_string(flag->id)},
                                     {"post", post ? post_json(c, *post, view) : nlohmann::json(nullptr)},
                                     {"reason", flag->reason},
                                     {"flagged_by", by ? user_summary(*by) : nlohmann::json(nullptr)},
                                     {"at", protocol::time_json(flag->at)}});
                }
                nlohmann::json answer = {
                    {"pending", pending}, {"flags", flags}, {"documents", documents}, {"has_more", has_more}};
                if (has_more) answer["next_before"] = queue_cursor(items.back());
                return answer;
            });
        },
        std::move(finish));
}

void ModerationVerbs::act(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish,
                          const ModerationRule& rule, const std::string& event_kind) {
    auto post_id = protocol::id_value(protocol::required_id(request.params, "post"));
    auto reason = moderation_reason(request.params, rule);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), post_id, reason, &rule, event_kind](storage::Connection& c,
                                                                          Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto access = require_post(c, caller, post_id, SessionAction::moderate, now);
            auto& post = access.post;
            if (!rule.applies_to(post.state))
                throw ProtocolError(ErrorCode::conflict, "Dit bericht is intussen al behandeld.",
                                    {{"post", post_json(c, post, PostView::of(caller.id, true))}});
            auto audience_before = post_audience(c, post);
            post.state = rule.to_state;
            if (rule.name == "approve") post.approved_once = true;
            post.moderation_action = rule.name;
            post.moderation_reason = reason;
            post.moderated_by = caller.id;
            post.moderated_at = now;
            if (rule.name == "redact") erase_post_for_good(c, post);
            else storage::update_post(c, post);
            if (rule.name == "hide" || rule.name == "redact") storage::close_flags_of_post(c, post.id, now);
            refresh_post_events(c, post);
            // Approving makes the post (and a pending thread it opened) visible to everyone;
            // the other actions reach those who could see the post before. The thread
            // stops being pending first, so that the post's audience follows it.
            bool opens_thread = rule.name == "approve" && access.thread.pending;
            if (opens_thread) {
                access.thread.pending = false;
                storage::update_thread(c, access.thread);
            }
            auto audience = rule.name == "approve" ? post_audience(c, post) : audience_before;
            record_post_event(c, change, post, caller, now, {event_kind, false, {{"reason", reason}}, audience});
            if (opens_thread)
                record_thread_event(c, change, *storage::find_thread(c, access.thread.id), caller, now, "thread.updated");
            // The author learns what became of their pending post (the gate decides: a
            // rejected post stays theirs to see, and one taken away since shows nothing).
            if (rule.name == "approve" || rule.name == "reject")  // post.approved, post.rejected
                notify(c, change, about_post(post, post.author_id, event_kind), caller.id, now);
            audit_action(c, now, caller.id, "mod." + rule.name, AuditTarget{"post", post.id},
                         {post.session_id, "", {{"reason", reason}, {"author", std::to_string(post.author_id)},
                                                {"thread", std::to_string(post.thread_id)}}});
            return {{"post", post_json(c, post, PostView::of(caller.id, true))}};
        },
        rule.name == "redact" ? after_erasure_is_gone(services_, {storage::posts_index}, std::move(finish))
                              : std::move(finish));
}

void ModerationVerbs::approve(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    act(client, request, std::move(finish), moderation_rule("approve"), "post.approved");
}

void ModerationVerbs::reject(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    act(client, request, std::move(finish), moderation_rule("reject"), "post.rejected");
}

void ModerationVerbs::hide(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    act(client, request, std::move(finish), moderation_rule("hide"), "post.hidden");
}

void ModerationVerbs::restore(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    act(client, request, std::move(finish), moderation_rule("restore"), "post.restored");
}

void ModerationVerbs::redact(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    act(client, request, std::move(finish), moderation_rule("redact"), "post.redacted");
}

void ModerationVerbs::dismiss_flag(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto flag_id = protocol::id_value(protocol::required_id(request.params, "flag"));
    run_change(
        services_, hub_,
        [this, id = client->user_id(), flag_id](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto flag = storage::find_flag(c, flag_id);
            if (!flag) throw ProtocolError(ErrorCode::not_found, "Deze melding bestaat niet.");
            auto access = require_post(c, caller, flag->post_id, SessionAction::moderate, now);
            if (flag->closed_at) throw ProtocolError(ErrorCode::conflict, "Deze melding is al afgehandeld.");
            storage::close_flag(c, flag_id, now);
            refresh_post_events(c, access.post);
            // Other moderators' queues drop the flag when this event reaches them.
            record_post_event(c, change, access.post, caller, now,
                              {"post.flag_dismissed", false, {{"flag", {{"id", std::to_string(flag_id)}}}},
                               Audience::moderators()});
            audit_action(c, now, caller.id, "mod.dismiss_flag", AuditTarget{"post", flag->post_id},
                         {flag->session_id, "", {{"flag", std::to_string(flag_id)}}});
            return nlohmann::json::object();
        },
        std::move(finish));
}

}  // namespace kl::app
