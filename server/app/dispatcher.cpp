#include "server/app/dispatcher.hpp"

#include "protocol/vocabulary.hpp"
#include "server/app/caller.hpp"
#include "server/app/user_json.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

Dispatcher::Dispatcher(Services& services)
    : services_(services), user_admin_(services), session_verbs_(services, hub_) {
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
    auto session_verb = [this](SessionVerbs::Handler method) -> Verb {
        return [this, method](const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
            (session_verbs_.*method)(client, request, std::move(finish));
        };
    };
    verbs_["session.list"] = session_verb(&SessionVerbs::list);
    verbs_["session.create"] = session_verb(&SessionVerbs::create);
    verbs_["session.update"] = session_verb(&SessionVerbs::update);
    verbs_["session.archive"] = session_verb(&SessionVerbs::archive);
    verbs_["session.state"] = session_verb(&SessionVerbs::state);
    verbs_["session.subscribe"] = session_verb(&SessionVerbs::subscribe);
    verbs_["session.unsubscribe"] = session_verb(&SessionVerbs::unsubscribe);
    verbs_["member.add"] = session_verb(&SessionVerbs::member_add);
    verbs_["member.remove"] = session_verb(&SessionVerbs::member_remove);
    verbs_["member.set_role"] = session_verb(&SessionVerbs::member_set_role);
    verbs_["member.mute"] = session_verb(&SessionVerbs::member_mute);
}

void Dispatcher::disconnected(const Client* client) { hub_.drop_client(client); }

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
