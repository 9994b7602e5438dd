#include "server/app/second_factor/passkey_login.hpp"

#include "protocol/fields.hpp"
#include "server/app/accounts/accounts.hpp"
#include "server/app/accounts/user_json.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/crypto.hpp"
#include "server/app/http/http_responses.hpp"
#include "server/app/second_factor/factor_codes.hpp"
#include "server/app/second_factor/passkey_ceremony.hpp"
#include "server/app/second_factor/second_step.hpp"
#include "storage/connection.hpp"
#include "storage/second_factor.hpp"
#include "storage/users.hpp"

#include <nlohmann/json.hpp>

#include <variant>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

// Sign-in attempts with a passkey: each takes a fresh challenge from the options.
constexpr int options_per_address = 30;
constexpr int options_overall = 1200;
constexpr std::chrono::seconds options_window = std::chrono::minutes(1);
constexpr std::size_t max_token_chars = 128;

constexpr const char* not_accepted_message =
    "Deze passkey werd niet geaccepteerd. Gebruik een passkey die je in Kennislab hebt toegevoegd, of log in met je "
    "wachtwoord.";
constexpr const char* too_many_message = "Te veel pogingen om met een passkey in te loggen. Probeer het later opnieuw.";

HttpResponse not_accepted() { return error_response(ErrorCode::unauthenticated, not_accepted_message); }

std::optional<std::string> optional_token(const nlohmann::json& body) {
    if (!body.contains("token") || body["token"].is_null()) return std::nullopt;
    return protocol::required_string(body, "token", 1, max_token_chars);
}

}  // namespace

PasskeyLogin::PasskeyLogin(Services& services)
    : services_(services),
      per_address_(services.clock, options_per_address, options_window),
      overall_(services.clock, options_overall, options_window) {}

void PasskeyLogin::options(const HttpRequest& request, const nlohmann::json& body, Respond respond) {
    auto token = optional_token(body);
    auto now = services_.clock.now();
    auto by_address = per_address_.try_acquire("address:" + request.address, now);
    if (!by_address.admitted) return respond(rate_limited_response(too_many_message, by_address.retry_after));
    auto in_total = overall_.try_acquire("all", now);
    if (!in_total.admitted) return respond(rate_limited_response(too_many_message, in_total.retry_after));
    run_write(
        services_.writer,
        [this, token](storage::Connection& c) -> nlohmann::json {
            auto now = services_.now();
            std::optional<std::int64_t> user_id;
            std::vector<std::string> allowed;
            if (token) {
                auto step = storage::find_second_factor_token(c, token_hash(*token), now);
                if (!step || !step->usable || step->wrong_codes >= max_wrong_codes) return {{"expired", true}};
                user_id = step->user_id;
                for (const auto& passkey : storage::passkeys_of(c, step->user_id))
                    if (auto raw = base64url_decode(passkey.credential_id)) allowed.push_back(*raw);
            }
            auto challenge = issue_challenge(c, "login", user_id, std::nullopt, now);
            return {{"options", webauthn::request_options(relying_party_for(services_.origin), challenge, allowed)}};
        },
        [respond = std::move(respond)](Outcome outcome) {
            if (failed(outcome)) return respond(error_response(error(outcome)));
            if (result(outcome).contains("expired")) return respond(second_step_expired_response());
            respond(json_response(200, result(outcome)));
        });
}

void PasskeyLogin::login(const HttpRequest& request, const nlohmann::json& body, Respond respond) {
    auto token = optional_token(body);
    auto response = webauthn::parse_assertion(protocol::required_object(body, "credential"));
    if (!response) return respond(not_accepted());
    auto cookie = std::make_shared<std::string>();
    run_write(
        services_.writer,
        [this, token, response = *response, address = request.address, cookie](storage::Connection& c) -> nlohmann::json {
            auto now = services_.now();
            auto hash = token ? std::optional(token_hash(*token)) : std::nullopt;
            std::optional<storage::SecondFactorToken> step;
            if (hash) {
                step = storage::find_second_factor_token(c, *hash, now);
                if (!step || !step->usable) return {{"expired", true}};
                if (step->wrong_codes >= max_wrong_codes) return {{"spent", true}};
            }
            std::optional<std::int64_t> expected_user = step ? std::optional(step->user_id) : std::nullopt;
            // A refusal is committed (audit entry, and a wrong code against the token) before it is answered.
            auto refuse = [&](const std::string& why, std::optional<std::int64_t> target) -> nlohmann::json {
                if (hash) storage::count_wrong_code(c, *hash);
                audit_user_action(c, now, std::nullopt, "second_factor.failed", target,
                                  {std::nullopt, address, {{"method", "passkey"}, {"refusal", why}}});
                return {{"refused", why}};
            };
            // The challenge is used up here, whatever follows: a response is tried once.
            auto taken = take_challenge(c, response.client_data_json, "login", now);
            if (!taken || taken->issued.user_id != expected_user) return refuse("unknown_challenge", expected_user);
            auto passkey = storage::find_passkey_by_credential(c, base64url_encode(response.credential_id));
            if (!passkey) return refuse("unknown_credential", expected_user);
            if (step && passkey->user_id != step->user_id) return refuse("other_account", step->user_id);
            if (!step) {
                // Passwordless: the authenticator must say whose passkey it is, and be right.
                auto handle = storage::find_user_handle(c, passkey->user_id);
                if (!response.user_handle || !handle || base64url_encode(*response.user_handle) != *handle)
                    return refuse("user_handle_mismatch", passkey->user_id);
            }
            auto verified = webauthn::verify_assertion(relying_party_for(services_.origin), response, credential_of(*passkey), taken->challenge,
                                                       /*require_user_verification=*/!step);
            if (auto* refusal = std::get_if<webauthn::Refusal>(&verified))
                return refuse(webauthn::refusal_name(*refusal), passkey->user_id);
            std::optional<CompletedLogin> login;
            if (step) {
                login = complete_second_step(c, *hash, now, "passkey", address);
                if (!login) return {{"expired", true}};
            } else {
                auto user = storage::find_user(c, passkey->user_id);
                if (!user || user->disabled || !user->password_hash) return refuse("account_unusable", passkey->user_id);
                login = CompletedLogin{*user, create_login(c, user->id, now)};
                audit_user_action(c, now, user->id, "login", user->id, {std::nullopt, address, {{"method", "passkey"}}});
            }
            storage::record_passkey_use(c, passkey->id, std::get<webauthn::Assertion>(verified).sign_count, now);
            audit_user_action(c, now, login->user.id, "second_factor.used", login->user.id,
                              {std::nullopt, address, {{"method", "passkey"}, {"passkey", std::to_string(passkey->id)}}});
            *cookie = login->cookie;
            return {{"user", self_json(login->user)}};
        },
        [cookie, respond = std::move(respond)](Outcome outcome) {
            if (failed(outcome)) return respond(error_response(error(outcome)));
            const auto& answer = result(outcome);
            if (answer.contains("expired")) return respond(second_step_expired_response());
            if (answer.contains("spent"))
                return respond(rate_limited_response(too_many_codes_message, std::chrono::minutes(15)));
            if (answer.contains("refused")) return respond(not_accepted());
            respond(login_response(answer, 200, *cookie));
        });
}

}  // namespace kl::app
