#include "server/app/realtime/dispatcher.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {
// The browser sends a limited read again after retry_after, at most three times
// (web/js/core/socket.js); a page that opens a session sends a handful of reads at
// once. A hundred refusals, then ten a second, leave any such client far from the
// limit, while a loop that ignores retry_after reaches it within a second.
constexpr unsigned refused_burst = 100;
constexpr unsigned refused_per_second = 10;
}  // namespace

Dispatcher::Dispatcher(Services& services, Hub& hub, const VerbTable& verbs, const SecondFactorGate& gate)
    : hub_(hub),
      verbs_(verbs),
      gate_(gate),
      rate_limit_(services.clock, {services.config.request_rate, services.config.request_burst}),
      refusals_(services.clock, {refused_per_second, refused_burst}),
      answer_volume_(std::make_shared<AnswerVolume>(
          services.clock, AnswerVolumeRate{std::uint64_t{services.config.answer_volume_mb_per_second} << 20,
                                           std::uint64_t{services.config.answer_volume_burst_mb} << 20})) {}

void Dispatcher::disconnected(const Client* client) {
    hub_.drop_client(client);
    rate_limit_.forget(client);
    refusals_.forget(client);
}

void Dispatcher::handle(const std::shared_ptr<Client>& client, const protocol::Request& request) {
    // The answer keeps the client alive only weakly: a closed connection needs no answer.
    std::weak_ptr<Client> weak = client;
    Finish finish = [weak, id = request.id, volume = answer_volume_](Outcome outcome) {
        auto target = weak.lock();
        if (!target) return;
        if (failed(outcome)) {
            const auto& e = error(outcome);
            target->send_answer(std::make_shared<const std::string>(protocol::answer_error(id, e.code(), e.what(), e.extra())));
            if (e.code() == ErrorCode::unauthenticated) target->close(CloseReason::account_disabled);
        } else {
            auto* shared = std::get_if<SharedResult>(&outcome);
            auto answer = std::make_shared<const std::string>(
                shared ? protocol::answer_ok(id, std::move(shared->fields), shared->shared)
                       : protocol::answer_ok(id, result(outcome)));
            volume->charge(target->user_id(), answer->size());
            target->send_answer(std::move(answer));
        }
    };
    // A refused request is answered at once and nothing of it is done; a connection
    // that keeps asking regardless is closed.
    auto refuse = [&](ProtocolError e) {
        if (!refusals_.admit(client.get())) return client->close(CloseReason::policy_violation);
        finish(std::move(e));
    };
    // Over the connection's rate. Every request counts, also unknown and invalid ones:
    // they cost the server work too.
    if (!rate_limit_.admit(client.get()))
        return refuse(ProtocolError(ErrorCode::rate_limited,
                                    "Te veel verzoeken achter elkaar. Wacht even en probeer het opnieuw.",
                                    {{"retry_after", 1}}));
    // An account that asked for more than its answer volume waits, on every connection.
    if (auto wait = answer_volume_->wait(client->user_id()))
        return refuse(ProtocolError(ErrorCode::rate_limited,
                                    "Je hebt in korte tijd veel gegevens opgevraagd. Wacht even en probeer het opnieuw.",
                                    {{"retry_after", wait}}));
    // The policy requires a second factor and this user has none yet: only setting one up.
    if (!allowed_without_second_factor(request.type) && gate_.blocks(client->user_id())) {
        finish(ProtocolError(ErrorCode::second_factor_required, second_factor_required_message));
        return;
    }
    const Verb* verb = verbs_.find(request.type);
    if (!verb) {
        finish(ProtocolError(ErrorCode::bad_request, "Onbekend verzoektype '" + request.type + "'."));
        return;
    }
    try {
        (*verb)(client, request, finish);
    } catch (const ProtocolError& e) {
        finish(e);  // validation failed before any work was queued
    }
}

}  // namespace kl::app
