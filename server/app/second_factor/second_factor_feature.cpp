#include "server/app/second_factor/second_factor_feature.hpp"

#include "protocol/json_parse.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/second_factor/factor_codes.hpp"
#include "server/app/second_factor/second_factor_verbs.hpp"
#include "server/app/second_factor/second_step.hpp"
#include "storage/second_factor.hpp"

#include <future>

namespace kl::app {

namespace {

// The gate's view is reconciled whole this often (seconds); each change tells it at once.
constexpr int reconcile_every = 10;
// Spent second steps and challenges are purged this often (seconds).
constexpr int purge_every = 60;

}  // namespace

void register_second_factor(Features& features) {
    auto& services = features.services;
    auto& gate = features.second_factor_gate;
    auto& box = features.keep<SecretBox>(SecretBox::open_or_create(secret_box_key_path(services.config.data_dir)));
    auto& wrong_codes = features.keep<RateLimiter>(services.clock, max_wrong_codes, wrong_code_window);

    // The view is loaded before the server accepts its first connection.
    std::promise<void> loaded;
    services.pool.post([&gate, &loaded](storage::Connection& c) {
        try {
            gate.reload(c);
            loaded.set_value();
        } catch (...) {
            loaded.set_exception(std::current_exception());
        }
    });
    loaded.get_future().get();

    auto& part = features.keep<SecondFactorVerbs>(services, gate, box, wrong_codes);
    auto& verbs = features.verbs;
    verbs.add("mfa.status", part, &SecondFactorVerbs::status);
    verbs.add("mfa.totp.begin", part, &SecondFactorVerbs::totp_begin);
    verbs.add("mfa.totp.confirm", part, &SecondFactorVerbs::totp_confirm);
    verbs.add("mfa.totp.remove", part, &SecondFactorVerbs::totp_remove);
    verbs.add("mfa.recovery.renew", part, &SecondFactorVerbs::recovery_renew);
    verbs.add("mfa.policy.get", part, &SecondFactorVerbs::policy_get);
    verbs.add("mfa.policy.set", part, &SecondFactorVerbs::policy_set);
    verbs.add("user.reset_second_factor", part, &SecondFactorVerbs::reset);

    auto& step = features.keep<SecondStep>(services, box, wrong_codes);
    features.routes.add(
        "POST", "/api/login/second-factor",
        [&step](const HttpRequest& request, const std::string&, Respond respond) {
            step.handle(request, protocol::parse_object(request.body), std::move(respond));
        },
        SecondFactorCheck::exempt);

    auto ticks = std::make_shared<int>(0);
    features.every_second([&services, &gate, ticks] {
        ++*ticks;
        if (*ticks % reconcile_every == 0) gate.reconcile(services.pool);
        if (*ticks % purge_every == 0)
            run_write(
                services.writer,
                [&services](storage::Connection& c) -> nlohmann::json {
                    storage::purge_expired_second_factor_state(c, services.now());
                    return {};
                },
                [](Outcome) {});
    });
}

}  // namespace kl::app
