#include "server/app/second_factor/second_factor_verbs.hpp"

#include "protocol/fields.hpp"
#include "protocol/time.hpp"
#include "protocol/vocabulary.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/accounts/user_json.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/second_factor/factor_codes.hpp"
#include "server/app/second_factor/qr_svg.hpp"
#include "server/app/second_factor/recovery_codes.hpp"
#include "server/app/second_factor/totp.hpp"
#include "storage/connection.hpp"
#include "storage/second_factor.hpp"
#include "storage/tokens.hpp"
#include "storage/users.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

SecondFactorPolicy stored_policy(storage::Connection& c) {
    return parse_second_factor_policy(storage::second_factor_policy(c)).value_or(SecondFactorPolicy::none);
}

bool policy_requires_factor(storage::Connection& c, std::int64_t user_id) {
    return policy_covers(stored_policy(c), storage::is_staff_or_moderator(c, user_id));
}

void audit_factor(storage::Connection& c, std::int64_t now, std::int64_t actor, const std::string& action,
                  std::int64_t target, const std::string& method) {
    audit_user_action(c, now, actor, action, target, {std::nullopt, "", {{"method", method}}});
}

// Makes ten fresh recovery codes for the user (the old ones stop working) and returns them.
nlohmann::json fresh_recovery_codes(storage::Connection& c, std::int64_t user_id, std::int64_t now) {
    auto codes = new_recovery_codes();
    std::vector<std::string> hashes;
    for (const auto& code : codes) hashes.push_back(recovery_code_hash(*normalise_recovery_code(code)));
    storage::replace_recovery_codes(c, user_id, hashes, now);
    return codes;
}

nlohmann::json passkey_json(const storage::Passkey& passkey) {
    return {{"id", std::to_string(passkey.id)},
            {"name", passkey.name},
            {"created_at", protocol::time_json(passkey.created_at)},
            {"last_used_at", protocol::time_json(passkey.last_used_at)}};
}

}  // namespace

SecondFactorVerbs::SecondFactorVerbs(Services& services, SecondFactorGate& gate, const SecretBox& box,
                                     RateLimiter& wrong_codes)
    : services_(services), gate_(gate), box_(box), wrong_codes_(wrong_codes) {}

void SecondFactorVerbs::check_code(std::int64_t user_id, CodeWork work, Finish finish,
                                   std::function<void()> after_commit) {
    auto key = wrong_code_key(user_id);
    auto admission = wrong_codes_.try_acquire(key);
    if (!admission.admitted)
        return finish(ProtocolError(ErrorCode::rate_limited, too_many_codes_message,
                                    {{"retry_after", admission.retry_after.count()}}));
    run_write(
        services_.writer,
        [work = std::move(work)](storage::Connection& c) -> nlohmann::json {
            auto answer = work(c);
            if (!answer) return {{"wrong_code", true}};  // its audit entry commits with this transaction
            return {{"answer", std::move(*answer)}};
        },
        [this, key, at = admission.at, after_commit = std::move(after_commit),
         finish = std::move(finish)](Outcome outcome) {
            if (failed(outcome)) {
                wrong_codes_.release(key, at);  // refused for another reason: not a wrong code
                return finish(std::move(outcome));
            }
            if (result(outcome).contains("wrong_code"))
                return finish(ProtocolError(ErrorCode::bad_code, bad_code_message));
            wrong_codes_.release(key, at);
            if (after_commit) after_commit();
            finish(result(outcome)["answer"]);
        });
}

void SecondFactorVerbs::status(const std::shared_ptr<Client>& client, const protocol::Request&, Finish finish) {
    run_read(
        services_.pool,
        [id = client->user_id()](storage::Connection& c) -> nlohmann::json {
            require_caller(c, id, GlobalAction::hello);
            auto totp = storage::find_totp(c, id);
            auto passkeys = nlohmann::json::array();
            for (const auto& passkey : storage::passkeys_of(c, id)) passkeys.push_back(passkey_json(passkey));
            return {{"totp", totp && totp->confirmed},
                    {"passkeys", passkeys},
                    {"recovery_codes_left", storage::recovery_codes_left(c, id)},
                    {"required", policy_requires_factor(c, id)}};
        },
        std::move(finish));
}

void SecondFactorVerbs::totp_begin(const std::shared_ptr<Client>& client, const protocol::Request&, Finish finish) {
    run_write(
        services_.writer,
        [this, id = client->user_id()](storage::Connection& c) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto existing = storage::find_totp(c, id);
            if (existing && existing->confirmed)
                throw ProtocolError(ErrorCode::conflict,
                                    "Je hebt al een authenticator-app ingesteld. Verwijder die eerst als je een "
                                    "andere wilt koppelen.");
            auto secret = new_totp_secret();
            storage::begin_totp(c, id, box_.seal(secret, id), services_.now());
            auto base32 = base32_secret(secret);
            auto url = otpauth_url(caller.email, base32);
            return {{"secret", base32}, {"otpauth_url", url}, {"qr_image", qr_data_url(url)}};
        },
        std::move(finish));
}

void SecondFactorVerbs::totp_confirm(const std::shared_ptr<Client>& client, const protocol::Request& request,
                                     Finish finish) {
    auto code = protocol::required_digits(request.params, "code", totp_digits);
    auto id = client->user_id();
    check_code(
        id,
        [this, id, code](storage::Connection& c) -> std::optional<nlohmann::json> {
            require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto secret = totp_secret_of(c, box_, id, true);
            if (!secret) {
                auto existing = storage::find_totp(c, id);
                if (existing && existing->confirmed)
                    throw ProtocolError(ErrorCode::conflict, "Je authenticator-app is al ingesteld.");
                throw ProtocolError(ErrorCode::not_found, "Begin opnieuw met het instellen van je authenticator-app.");
            }
            auto step = matching_totp_step(*secret, code, now);
            if (!step) {
                audit_factor(c, now, id, "second_factor.failed", id, "totp");
                return std::nullopt;
            }
            bool first = !storage::has_second_factor(c, id);
            storage::confirm_totp(c, id, *step, now);
            audit_factor(c, now, id, "second_factor.added", id, "totp");
            nlohmann::json answer = nlohmann::json::object();
            if (first) answer["recovery_codes"] = fresh_recovery_codes(c, id, now);
            return answer;
        },
        std::move(finish), [this, id] { gate_.note_factor(id, true); });
}

void SecondFactorVerbs::totp_remove(const std::shared_ptr<Client>& client, const protocol::Request& request,
                                    Finish finish) {
    auto code = protocol::required_digits(request.params, "code", totp_digits);
    auto id = client->user_id();
    auto still_has_factor = std::make_shared<bool>(true);
    check_code(
        id,
        [this, id, code, still_has_factor](storage::Connection& c) -> std::optional<nlohmann::json> {
            require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto existing = storage::find_totp(c, id);
            if (!existing || !existing->confirmed)
                throw ProtocolError(ErrorCode::not_found, "Je hebt geen authenticator-app ingesteld.");
            bool last = storage::passkeys_of(c, id).empty();
            if (last && policy_requires_factor(c, id))
                throw ProtocolError(ErrorCode::forbidden,
                                    "Je authenticator-app is je enige tweede factor, en die is verplicht. Voeg eerst "
                                    "een passkey toe als je de app wilt verwijderen.");
            if (!use_totp_code(c, box_, id, code, now)) {
                audit_factor(c, now, id, "second_factor.failed", id, "totp");
                return std::nullopt;
            }
            storage::delete_totp(c, id);
            // Recovery codes exist only beside a factor.
            if (last) storage::replace_recovery_codes(c, id, {}, now);
            *still_has_factor = !last;
            audit_factor(c, now, id, "second_factor.removed", id, "totp");
            return nlohmann::json::object();
        },
        std::move(finish), [this, id, still_has_factor] { gate_.note_factor(id, *still_has_factor); });
}

void SecondFactorVerbs::recovery_renew(const std::shared_ptr<Client>& client, const protocol::Request& request,
                                       Finish finish) {
    auto code = protocol::required_string(request.params, "code", 1, max_recovery_code_chars);
    auto id = client->user_id();
    check_code(id,
               [this, id, code](storage::Connection& c) -> std::optional<nlohmann::json> {
                   require_caller(c, id, GlobalAction::hello);
                   auto now = services_.now();
                   if (!storage::has_second_factor(c, id))
                       throw ProtocolError(ErrorCode::conflict, "Stel eerst een tweede factor in.");
                   auto totp = storage::find_totp(c, id);
                   bool with_app = totp && totp->confirmed;
                   // With an authenticator app: a current code from it; without (passkeys only): an unused recovery
                   // code.
                   bool right =
                       with_app ? use_totp_code(c, box_, id, code, now) : redeem_recovery_code(c, id, code, now);
                   if (!right) {
                       audit_factor(c, now, id, "second_factor.failed", id, with_app ? "totp" : "recovery");
                       return std::nullopt;
                   }
                   audit_factor(c, now, id, "second_factor.recovery_renewed", id, with_app ? "totp" : "recovery");
                   return nlohmann::json{{"recovery_codes", fresh_recovery_codes(c, id, now)}};
               },
               std::move(finish), {});
}

void SecondFactorVerbs::policy_get(const std::shared_ptr<Client>& client, const protocol::Request&, Finish finish) {
    run_read(
        services_.pool,
        [id = client->user_id()](storage::Connection& c) -> nlohmann::json {
            require_caller(c, id, GlobalAction::second_factor_policy);
            return {{"require", storage::second_factor_policy(c)}};
        },
        std::move(finish));
}

void SecondFactorVerbs::policy_set(const std::shared_ptr<Client>& client, const protocol::Request& request,
                                   Finish finish) {
    auto require = protocol::required_enum(request.params, "require", protocol::second_factor_policies);
    run_write(
        services_.writer,
        [this, id = client->user_id(), require](storage::Connection& c) -> nlohmann::json {
            require_caller(c, id, GlobalAction::second_factor_policy);
            auto previous = storage::second_factor_policy(c);
            storage::set_second_factor_policy(c, require);
            audit_action(c, services_.now(), id, "second_factor.policy", std::nullopt,
                         {std::nullopt, "", {{"require", require}, {"previous", previous}}});
            return {{"require", require}};
        },
        [this, require, finish = std::move(finish)](Outcome outcome) {
            if (!failed(outcome)) gate_.note_policy(*parse_second_factor_policy(require));
            finish(std::move(outcome));
        });
}

void SecondFactorVerbs::reset(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto target_id = protocol::id_value(protocol::required_id(request.params, "user"));
    run_write(
        services_.writer,
        [this, id = client->user_id(), target_id](storage::Connection& c) -> nlohmann::json {
            require_caller(c, id, GlobalAction::reset_second_factor);
            auto target = storage::find_user(c, target_id);
            if (!target) throw ProtocolError(ErrorCode::not_found, "Deze gebruiker bestaat niet.");
            storage::delete_second_factors(c, target_id);
            // Whoever signed in with the old factors is signed out.
            storage::delete_login_tokens_of(c, target_id);
            audit_user_action(c, services_.now(), id, "second_factor.reset", target_id);
            auto user = user_json(*target, UserView::admin);
            user["second_factor"] = false;
            return {{"user", user}};
        },
        [this, target_id, finish = std::move(finish)](Outcome outcome) {
            if (!failed(outcome)) {
                gate_.note_factor(target_id, false);
                services_.registry.close_user(target_id, CloseReason::account_disabled);
            }
            finish(std::move(outcome));
        });
}

}  // namespace kl::app
