#include "server/app/threads/thread_verbs.hpp"

#include "protocol/fields.hpp"
#include "protocol/json_parse.hpp"
#include "protocol/paging.hpp"
#include "protocol/vocabulary.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/access/posting_rules.hpp"
#include "server/app/access/reader.hpp"
#include "server/app/access/session_limits.hpp"
#include "server/app/access/thread_access.hpp"
#include "server/app/accounts/user_json.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/core/erasure_answer.hpp"
#include "server/app/core/session_change.hpp"
#include "server/app/notifications/notify.hpp"
#include "server/app/sessions/session_json.hpp"
#include "server/app/threads/post_events.hpp"
#include "server/app/threads/post_json.hpp"
#include "server/app/threads/thread_events.hpp"
#include "storage/connection.hpp"
#include "storage/fulltext_merge.hpp"

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

// A thread's title, the same rules wherever one is given (thread.create, thread.retitle).
std::string thread_title_param(const nlohmann::json& params) {
    return protocol::required_string(params, "title", 1, 200);
}

}  // namespace

ThreadVerbs::ThreadVerbs(Services& services, Hub& hub) : services_(services), hub_(hub) {}

void ThreadVerbs::create(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    const auto& params = request.params;
    auto session_id = protocol::id_value(protocol::required_id(params, "session"));
    storage::Thread thread;
    thread.title = thread_title_param(params);
    thread.kind = protocol::required_enum(params, "kind", protocol::thread_kinds);
    storage::Post post;
    post.body = protocol::required_string(params, "body", 1, max_post_body_chars, protocol::Text::multi_line);
    post.attribution = protocol::optional_enum(params, "attribution", protocol::attributions).value_or("named");
    post.client_msg_id = protocol::optional_string(params, "client_msg_id", 1, 64);
    post.personal_data = personal_data_marks(post.body);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), session_id, thread, post](storage::Connection& c,
                                                                  Change& change) mutable -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto access = require_session(c, caller, session_id, SessionAction::start_thread, now);
            // A retry of a request whose answer was lost: answer the thread made the first
            // time (looked up in this session only), if it opened one.
            if (post.client_msg_id)
                if (auto earlier = storage::find_post_by_client_msg(c, session_id, caller.id, *post.client_msg_id)) {
                    auto earlier_thread = storage::find_thread(c, earlier->thread_id);
                    if (!earlier_thread || earlier_thread->created_by != caller.id ||
                        storage::first_post_id(c, earlier_thread->id) != earlier->id)
                        throw ProtocolError(ErrorCode::conflict, "Dit client_msg_id hoort al bij een ander bericht.");
                    return {{"thread", thread_json(c, *earlier_thread, caller.id)},
                            {"post", post_json(c, *earlier, PostView::of(caller.id, access.member->role == "moderator"))}};
                }
            check_may_post(thread, *access.member, now, std::nullopt);  // a new thread: only the mute applies
            const auto& limits = services_.config.session_limits;
            require_room_for_thread(c, limits, session_id);
            post.state = initial_post_state(access.session, access.member->role, false);
            if (post.state == "pending") require_room_to_wait(c, limits, session_id);
            thread.session_id = session_id;
            thread.pending = post.state == "pending";
            thread.created_at = now;
            thread.created_by = caller.id;
            auto created = storage::create_thread(c, thread);
            post.thread_id = created.id;
            post.session_id = session_id;
            post.author_id = caller.id;
            post.created_at = now;
            auto stored = storage::create_post(c, post);
            created = *storage::find_thread(c, created.id);
            EventDraft event("thread.created", {{"thread", thread_json(created)}}, thread_audience(created));
            event.payload["actor"] = author_actor_json(stored, caller, PostView::everyone());
            event.moderator_payload = {{"thread", thread_json(created)},
                                       {"actor", author_actor_json(stored, caller, PostView::moderators())}};
            record_event(c, change, session_id, now, caller, std::move(event));
            auto facts = record_post_event(c, change, stored, caller, now,
                                           {stored.state == "pending" ? "post.pending" : "post.created", true});
            if (stored.state == "pending") notify_queue_waiting(c, change, session_id, caller.id, now);
            storage::mark_thread_read(c, created.id, caller.id);
            bool moderator = access.member->role == "moderator";
            return {{"thread", thread_json(c, created, caller.id)}, {"post", post_json(c, stored, facts, PostView::of(caller.id, moderator))}};
        },
        std::move(finish));
}

void ThreadVerbs::posts(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto thread_id = protocol::id_value(protocol::required_id(request.params, "thread"));
    const auto paging = protocol::page_params(request.params, 50, 100);
    const auto before = paging.before;
    const auto limit = paging.limit;
    run_read(
        services_.pool,
        [this, id = client->user_id(), thread_id, before, limit](storage::Connection& c) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            return storage::in_read_transaction(c, [&]() -> nlohmann::json {
                auto access = require_thread(c, caller, thread_id, SessionAction::read, services_.now());
                auto reader = access.reader();
                // The query narrows the page to what the reader may see (so that paging
                // counts right); the gate still decides each post.
                auto page = storage::page_posts(c, thread_id, before, limit + 1,
                                                {reader.moderator, caller.id, reader.history_from});
                bool has_more = protocol::take_page(page, limit);
                auto posts = nlohmann::json::array();
                auto view = PostView::of(reader);
                for (const auto& post : page)
                    if (reader.may_see(post)) posts.push_back(post_json(c, post, view));
                return {{"posts", posts}, {"has_more", has_more}, {"thread", thread_json(c, access.thread, caller.id)}};
            });
        },
        std::move(finish));
}

void ThreadVerbs::read(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto thread_id = protocol::id_value(protocol::required_id(request.params, "thread"));
    run_write(
        services_.writer,
        [this, id = client->user_id(), thread_id](storage::Connection& c) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto access = require_thread(c, caller, thread_id, SessionAction::read, services_.now());
            storage::mark_thread_read(c, thread_id, caller.id);
            return {{"thread", thread_json(c, access.thread, caller.id)}};
        },
        std::move(finish));
}

void ThreadVerbs::control(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish,
                          const std::string& action, std::function<void(storage::Thread&)> set) {
    auto thread_id = protocol::id_value(protocol::required_id(request.params, "thread"));
    run_change(
        services_, hub_,
        [this, id = client->user_id(), thread_id, action, set = std::move(set)](storage::Connection& c,
                                                                                 Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto access = require_thread(c, caller, thread_id, SessionAction::moderate, now);
            auto& thread = access.thread;
            set(thread);
            storage::update_thread(c, thread);
            record_thread_event(c, change, thread, caller, now,
                                action == "thread.slow_mode" ? "thread.slow_mode" : "thread.updated");
            audit_action(c, now, caller.id, action, AuditTarget{"thread", thread.id},
                         {thread.session_id, "", {{"status", thread.status}, {"pinned", thread.pinned},
                                                  {"slow_mode_seconds", thread.slow_mode_seconds}}});
            return {{"thread", thread_json(c, thread, caller.id)}};
        },
        std::move(finish));
}

void ThreadVerbs::lock(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    control(client, request, std::move(finish), "thread.lock", [](storage::Thread& t) { t.status = "locked"; });
}

void ThreadVerbs::unlock(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    control(client, request, std::move(finish), "thread.unlock", [](storage::Thread& t) { t.status = "open"; });
}

void ThreadVerbs::pin(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    control(client, request, std::move(finish), "thread.pin", [](storage::Thread& t) { t.pinned = true; });
}

void ThreadVerbs::unpin(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    control(client, request, std::move(finish), "thread.unpin", [](storage::Thread& t) { t.pinned = false; });
}

void ThreadVerbs::resolve(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    control(client, request, std::move(finish), "thread.resolve", [](storage::Thread& t) { t.status = "resolved"; });
}

void ThreadVerbs::slow_mode(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto seconds = protocol::required_int(request.params, "seconds", 0, 3600);
    control(client, request, std::move(finish), "thread.slow_mode",
            [seconds](storage::Thread& t) { t.slow_mode_seconds = seconds; });
}

void ThreadVerbs::retitle(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    const auto& params = request.params;
    auto thread_id = protocol::id_value(protocol::required_id(params, "thread"));
    auto title = thread_title_param(params);
    auto reason = protocol::required_string(params, "reason", 1, 500, protocol::Text::multi_line);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), thread_id, title, reason](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto access = require_thread(c, caller, thread_id, SessionAction::moderate, now);
            auto& thread = access.thread;
            auto old_title = thread.title;
            // The old title is erased for good, as a redaction erases a post: the row and
            // the search index here, every stored event that carries it, and (after the
            // commit, before the answer) the index's old segments and the WAL. The audit
            // entry keeps the reason, never a title.
            storage::retitle_thread(c, thread, title);
            erase_old_title_from_events(c, thread, old_title);
            record_thread_event(c, change, thread, caller, now, "thread.updated");
            audit_action(c, now, caller.id, "thread.retitle", AuditTarget{"thread", thread.id},
                         {thread.session_id, "", {{"reason", reason}}});
            return {{"thread", thread_json(c, thread, caller.id)}};
        },
        after_erasure_is_gone(services_, {storage::threads_index}, std::move(finish)));
}

void ThreadVerbs::typing(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto thread_id = protocol::id_value(protocol::required_id(request.params, "thread"));
    run_read(
        services_.pool,
        [this, client, thread_id](storage::Connection& c) -> nlohmann::json {
            auto caller = require_caller(c, client->user_id(), GlobalAction::hello);
            auto now = services_.now();
            auto access = require_thread(c, caller, thread_id, SessionAction::post, now);
            // A pending thread is unknown to most members: its typing goes nowhere.
            if (access.thread.pending) return nlohmann::json::object();
            nlohmann::json frame = {{"type", "typing"},
                                    {"session", std::to_string(access.thread.session_id)},
                                    {"thread", std::to_string(thread_id)},
                                    {"user", user_summary(caller)}};
            if (!hub_.typing(access.thread.session_id, client.get(), thread_id, now,
                             std::make_shared<const std::string>(protocol::dump(frame))))
                throw ProtocolError(ErrorCode::bad_request, "Volg eerst de sessie (session.subscribe).");
            return nlohmann::json::object();
        },
        std::move(finish));
}

}  // namespace kl::app
