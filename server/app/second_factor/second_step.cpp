#include "server/app/second_factor/second_step.hpp"

#include "protocol/fields.hpp"
#include "server/app/accounts/accounts.hpp"
#include "server/app/accounts/user_json.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/crypto.hpp"
#include "server/app/http/http_responses.hpp"
#include "server/app/second_factor/factor_codes.hpp"
#include "server/app/second_factor/recovery_codes.hpp"
#include "server/app/second_factor/totp.hpp"
#include "storage/connection.hpp"
#include "storage/second_factor.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

std::optional<CompletedLogin> complete_second_step(storage::Connection& connection, const std::string& token_hash,
                                                   std::int64_t now, const std::string& method,
                                                   const std::string& address) {
    auto token = storage::find_second_factor_token(connection, token_hash, now);
    if (!token || !token->usable) return std::nullopt;
    auto user = storage::find_user(connection, token->user_id);
    if (!user || user->disabled || !storage::use_second_factor_token(connection, token_hash, now)) return std::nullopt;
    auto cookie = create_login(connection, user->id, now);
    audit_user_action(connection, now, user->id, "login", user->id, {std::nullopt, address, {{"method", method}}});
    return CompletedLogin{*user, std::move(cookie)};
}

HttpResponse second_step_expired_response() {
    return json_response(401, {{"error",
                                {{"code", "second_factor_expired"},
                                 {"message", "Deze inlogpoging is verlopen of al gebruikt. Log opnieuw in."}}}});
}

SecondStep::SecondStep(Services& services, const SecretBox& box, RateLimiter& wrong_codes)
    : services_(services), box_(box), wrong_codes_(wrong_codes) {}

void SecondStep::handle(const HttpRequest& request, const nlohmann::json& body, Respond respond) {
    auto token = protocol::required_string(body, "token", 1, 128);
    bool with_code = body.contains("code");
    if (with_code == body.contains("recovery_code"))
        throw ProtocolError(ErrorCode::bad_request, "Vul de code uit je authenticator-app of een herstelcode in.");
    auto code = with_code ? protocol::required_digits(body, "code", totp_digits)
                          : protocol::required_string(body, "recovery_code", 1, max_recovery_code_chars);
    std::string method = with_code ? "totp" : "recovery";
    auto cookie = std::make_shared<std::string>();
    run_write(
        services_.writer,
        [this, hash = token_hash(token), code, method, address = request.address,
         cookie](storage::Connection& c) -> nlohmann::json {
            auto now = services_.now();
            auto step = storage::find_second_factor_token(c, hash, now);
            if (!step || !step->usable) return {{"expired", true}};
            auto key = wrong_code_key(step->user_id);
            // A token that took 5 wrong codes is spent, whatever comes next.
            if (step->wrong_codes >= max_wrong_codes)
                return {
                    {"retry_after", std::max<std::int64_t>(1, wrong_codes_.wait(key, services_.clock.now()).count())}};
            auto admission = wrong_codes_.try_acquire(key);
            if (!admission.admitted) return {{"retry_after", admission.retry_after.count()}};
            bool right = method == "totp" ? use_totp_code(c, box_, step->user_id, code, now)
                                          : redeem_recovery_code(c, step->user_id, code, now);
            if (!right) {
                storage::count_wrong_code(c, hash);
                audit_user_action(c, now, std::nullopt, "second_factor.failed", step->user_id,
                                  {std::nullopt, address, {{"method", method}}});
                return {{"wrong_code", true}};
            }
            wrong_codes_.release(key, admission.at);
            auto login = complete_second_step(c, hash, now, method, address);
            if (!login) return {{"expired", true}};
            audit_user_action(c, now, login->user.id, "second_factor.used", login->user.id,
                              {std::nullopt, address, {{"method", method}}});
            *cookie = login->cookie;
            return {{"user", self_json(login->user)}};
        },
        [cookie, respond = std::move(respond)](Outcome outcome) {
            if (failed(outcome)) return respond(error_response(error(outcome)));
            const auto& answer = result(outcome);
            if (answer.contains("expired")) return respond(second_step_expired_response());
            if (answer.contains("retry_after"))
                return respond(rate_limited_response(too_many_codes_message,
                                                     std::chrono::seconds(answer["retry_after"].get<std::int64_t>())));
            if (answer.contains("wrong_code")) return respond(error_response(ErrorCode::bad_code, bad_code_message));
            respond(login_response(answer, 200, *cookie));
        });
}

}  // namespace kl::app
