#include "server/app/realtime/dispatcher.hpp"

#include "protocol/vocabulary.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/accounts/user_json.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

Dispatcher::Dispatcher(Services& services)
    : services_(services),
      rate_limit_(services.clock, {services.config.request_rate, services.config.request_burst}),
      user_admin_(services),
      session_verbs_(services, hub_),
      thread_verbs_(services, hub_),
      post_verbs_(services, hub_),
      moderation_verbs_(services, hub_),
      board_verbs_(services, hub_),
      notes_verbs_(services, hub_),
      search_verbs_(services),
      audit_verbs_(services),
      invitations_(services, hub_) {
    verbs_["hello"] = [this](const std::shared_ptr<Client>& client, const protocol::Request&, Finish finish) {
        run_read(
            services_.pool,
            [id = client->user_id()](storage::Connection& c) -> nlohmann::json {
                auto user = require_caller(c, id, GlobalAction::hello);
                return {{"user", self_json(user)}, {"protocol", protocol::protocol_version}};
            },
            std::move(finish));
    };
    auto admin_verb = [this](void (UserAdmin::*method)(std::int64_t, const nlohmann::json&, Finish)) -> Verb {
        return [this, method](const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
            (user_admin_.*method)(client->user_id(), request.params, std::move(finish));
        };
    };
    verbs_["user.create"] = admin_verb(&UserAdmin::create);
    verbs_["user.reset"] = admin_verb(&UserAdmin::reset);
    verbs_["user.disable"] = admin_verb(&UserAdmin::disable);
    verbs_["user.find"] = admin_verb(&UserAdmin::find);
    auto& sessions = session_verbs_;
    verbs_["session.list"] = bind(sessions, &SessionVerbs::list);
    verbs_["session.create"] = bind(sessions, &SessionVerbs::create);
    verbs_["session.update"] = bind(sessions, &SessionVerbs::update);
    verbs_["session.archive"] = bind(sessions, &SessionVerbs::archive);
    verbs_["session.state"] = bind(sessions, &SessionVerbs::state);
    verbs_["session.subscribe"] = bind(sessions, &SessionVerbs::subscribe);
    verbs_["session.unsubscribe"] = bind(sessions, &SessionVerbs::unsubscribe);
    verbs_["member.add"] = bind(sessions, &SessionVerbs::member_add);
    verbs_["member.remove"] = bind(sessions, &SessionVerbs::member_remove);
    verbs_["member.set_role"] = bind(sessions, &SessionVerbs::member_set_role);
    verbs_["member.mute"] = bind(sessions, &SessionVerbs::member_mute);
    auto& threads = thread_verbs_;
    verbs_["thread.create"] = bind(threads, &ThreadVerbs::create);
    verbs_["thread.posts"] = bind(threads, &ThreadVerbs::posts);
    verbs_["thread.read"] = bind(threads, &ThreadVerbs::read);
    verbs_["thread.lock"] = bind(threads, &ThreadVerbs::lock);
    verbs_["thread.unlock"] = bind(threads, &ThreadVerbs::unlock);
    verbs_["thread.pin"] = bind(threads, &ThreadVerbs::pin);
    verbs_["thread.unpin"] = bind(threads, &ThreadVerbs::unpin);
    verbs_["thread.resolve"] = bind(threads, &ThreadVerbs::resolve);
    verbs_["thread.slow_mode"] = bind(threads, &ThreadVerbs::slow_mode);
    verbs_["typing"] = bind(threads, &ThreadVerbs::typing);
    auto& posts = post_verbs_;
    verbs_["post.create"] = bind(posts, &PostVerbs::create);
    verbs_["post.edit"] = bind(posts, &PostVerbs::edit);
    verbs_["post.delete"] = bind(posts, &PostVerbs::remove);
    verbs_["post.flag"] = bind(posts, &PostVerbs::flag);
    verbs_["post.history"] = bind(posts, &PostVerbs::history);
    auto& moderation = moderation_verbs_;
    verbs_["mod.queue"] = bind(moderation, &ModerationVerbs::queue);
    verbs_["mod.approve"] = bind(moderation, &ModerationVerbs::approve);
    verbs_["mod.reject"] = bind(moderation, &ModerationVerbs::reject);
    verbs_["mod.hide"] = bind(moderation, &ModerationVerbs::hide);
    verbs_["mod.restore"] = bind(moderation, &ModerationVerbs::restore);
    verbs_["mod.redact"] = bind(moderation, &ModerationVerbs::redact);
    verbs_["mod.dismiss_flag"] = bind(moderation, &ModerationVerbs::dismiss_flag);
    auto& board = board_verbs_;
    verbs_["board.card.create"] = bind(board, &BoardVerbs::card_create);
    verbs_["board.card.update"] = bind(board, &BoardVerbs::card_update);
    verbs_["board.card.delete"] = bind(board, &BoardVerbs::card_delete);
    verbs_["board.column.create"] = bind(board, &BoardVerbs::column_create);
    verbs_["board.column.update"] = bind(board, &BoardVerbs::column_update);
    verbs_["board.column.delete"] = bind(board, &BoardVerbs::column_delete);
    auto& notes = notes_verbs_;
    verbs_["notes.block.create"] = bind(notes, &NotesVerbs::block_create);
    verbs_["notes.block.update"] = bind(notes, &NotesVerbs::block_update);
    verbs_["notes.block.delete"] = bind(notes, &NotesVerbs::block_delete);
    verbs_["notes.publish"] = bind(notes, &NotesVerbs::publish);
    verbs_["search"] = bind(search_verbs_, &SearchVerbs::search);
    verbs_["audit.list"] = bind(audit_verbs_, &AuditVerbs::list);
    auto& invitations = invitations_;
    verbs_["invite.create"] = bind(invitations, &Invitations::create);
    verbs_["invite.list"] = bind(invitations, &Invitations::list);
    verbs_["invite.revoke"] = bind(invitations, &Invitations::revoke);
    verbs_["invite.extend"] = bind(invitations, &Invitations::extend);
    verbs_["session.end_guest_access"] = bind(invitations, &Invitations::end_guest_access);
}

void Dispatcher::disconnected(const Client* client) {
    hub_.drop_client(client);
    rate_limit_.forget(client);
}

void Dispatcher::handle(const std::shared_ptr<Client>& client, const protocol::Request& request) {
    // The answer keeps the client alive only weakly: a closed connection needs no answer.
    std::weak_ptr<Client> weak = client;
    Finish finish = [weak, id = request.id](Outcome outcome) {
        auto target = weak.lock();
        if (!target) return;
        if (failed(outcome)) {
            const auto& e = error(outcome);
            target->send(std::make_shared<const std::string>(protocol::answer_error(id, e.code(), e.what(), e.extra())));
            if (e.code() == ErrorCode::unauthenticated) target->close(CloseReason::account_disabled);
        } else {
            target->send(std::make_shared<const std::string>(protocol::answer_ok(id, result(outcome))));
        }
    };
    // Over the connection's rate: answered at once, nothing is done. Every request
    // counts, also unknown and invalid ones: they cost the server work too.
    if (!rate_limit_.admit(client.get())) {
        finish(ProtocolError(ErrorCode::rate_limited, "Te veel verzoeken achter elkaar. Wacht even en probeer het opnieuw.",
                             {{"retry_after", 1}}));
        return;
    }
    auto verb = verbs_.find(request.type);
    if (verb == verbs_.end()) {
        finish(ProtocolError(ErrorCode::bad_request, "Onbekend verzoektype '" + request.type + "'."));
        return;
    }
    try {
        verb->second(client, request, finish);
    } catch (const ProtocolError& e) {
        finish(e);  // validation failed before any work was queued
    }
}

}  // namespace kl::app
