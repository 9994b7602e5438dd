#include "server/app/accounts/accounts.hpp"

#include "protocol/fields.hpp"
#include "protocol/vocabulary.hpp"
#include "server/app/accounts/user_json.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/crypto.hpp"
#include "server/app/demo/demo_data.hpp"
#include "server/app/http/http_responses.hpp"
#include "storage/audit.hpp"
#include "storage/connection.hpp"
#include "storage/second_factor.hpp"
#include "storage/tokens.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

// Setting a password through an activation link: per address, counted before hashing.
constexpr int max_activations_per_address = 20;
constexpr auto activation_window = std::chrono::minutes(15);

// Tokens in paths are base64url; anything else cannot be one of ours.
bool plausible_token(const std::string& token) {
    if (token.empty() || token.size() > 128) return false;
    for (char c : token)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    return true;
}

// Reads a password for login without policy checks (old passwords may be shorter).
std::string login_password(const nlohmann::json& body) {
    auto it = body.find("password");
    if (it == body.end() || !it->is_string() || it->get_ref<const std::string&>().size() > 1024)
        throw ProtocolError(ErrorCode::bad_request, "Vul een wachtwoord in.");
    return it->get<std::string>();
}

HttpResponse bad_credentials() {
    return json_response(401, {{"error", {{"code", "bad_credentials"}, {"message", "E-mailadres of wachtwoord klopt niet."}}}});
}

}  // namespace

std::optional<storage::User> user_for_login_token(storage::Connection& connection, const std::string& cookie_token,
                                                  std::int64_t now) {
    if (!plausible_token(cookie_token)) return std::nullopt;
    auto user_id = storage::login_token_user(connection, token_hash(cookie_token), now);
    if (!user_id) return std::nullopt;
    auto user = storage::find_user(connection, *user_id);
    if (!user || user->disabled) return std::nullopt;
    return user;
}

std::string create_login(storage::Connection& connection, std::int64_t user_id, std::int64_t now) {
    auto token = random_token();
    storage::create_login_token(connection, token_hash(token), user_id, now, now + login_lifetime_seconds);
    return token;
}

std::string issue_activation_link(storage::Connection& connection, std::int64_t user_id, std::int64_t now,
                                  const std::string& origin) {
    auto token = random_token();
    storage::create_activation_token(connection, token_hash(token), user_id, now, now + activation_lifetime_seconds);
    return origin + "/activate/" + token;
}

HttpResponse login_response(const nlohmann::json& body, int status, const std::string& token) {
    auto response = json_response(status, body);
    set_login_cookie(response, token);
    return response;
}

HttpResponse hashing_busy_response() {
    return rate_limited_response("Het is nu erg druk. Probeer het over een paar seconden opnieuw.",
                                 std::chrono::seconds(1));
}

Accounts::Accounts(Services& services, SetupToken& setup_token, BlockingPool& hashing_pool,
                   const SecondFactorGate& gate)
    : services_(services),
      setup_token_(setup_token),
      hashing_pool_(hashing_pool),
      gate_(gate),
      login_limits_(services.clock),
      activation_attempts_(services.clock, max_activations_per_address, activation_window) {}

const std::string& Accounts::dummy_hash() {
    // Verifying against a real hash when the account does not exist keeps the answer
    // time the same, so timing does not reveal which emails have accounts.
    std::call_once(dummy_once_, [this] { dummy_hash_ = hash_password(random_token(), services_.argon2); });
    return dummy_hash_;
}

void Accounts::setup_status(const Respond& respond) {
    if (setup_token_.open())
        respond(json_response(200, {{"open", true}}));
    else
        respond(error_response(ErrorCode::gone, "Kennislab is al ingericht."));
}

void Accounts::setup(const HttpRequest& request, const nlohmann::json& body, Respond respond) {
    if (!setup_token_.open()) return respond(error_response(ErrorCode::gone, "Kennislab is al ingericht."));
    auto token = protocol::required_string(body, "token", 1, 128);
    storage::NewUser admin;
    admin.email = protocol::required_email(body, "email");
    admin.display_name = protocol::required_string(body, "display_name", 1, 100);
    admin.organisation_type = "ess";
    admin.organisation_name = "";
    if (body.contains("organisation") && !body["organisation"].is_null()) {
        const auto& organisation = protocol::required_object(body, "organisation");
        admin.organisation_type = protocol::required_enum(organisation, "type", protocol::organisation_types);
        admin.organisation_name = protocol::required_string(organisation, "name", 1, 200);
    }
    admin.global_role = "admin";
    auto password = protocol::required_password(body, "password");
    if (!setup_token_.matches(token))
        return respond(error_response(ErrorCode::forbidden, "Deze inrichtingslink is niet geldig."));

    bool queued = hashing_pool_.try_post([this, admin, password, address = request.address,
                                          respond](storage::Connection&) mutable {
        admin.password_hash = hash_password(password, services_.argon2);
        admin.created_at = services_.now();
        auto cookie = std::make_shared<std::string>();
        run_write(
            services_.writer,
            [this, admin, address, cookie](storage::Connection& c) -> nlohmann::json {
                if (storage::count_administrators(c) > 0)
                    throw ProtocolError(ErrorCode::gone, "Kennislab is al ingericht.");
                auto user = storage::create_user(c, admin);
                adopt_sessions_made_before_setup(c, user.id, services_.now());
                *cookie = create_login(c, user.id, services_.now());
                audit_user_action(c, services_.now(), user.id, "setup", user.id, {std::nullopt, address});
                return {{"user", user_json(user, UserView::admin)}};
            },
            [this, cookie, respond = std::move(respond)](Outcome outcome) {
                if (failed(outcome)) return respond(error_response(error(outcome)));
                setup_token_.close();
                respond(login_response(result(outcome), 201, *cookie));
            });
    });
    if (!queued) respond(hashing_busy_response());
}

void Accounts::login(const HttpRequest& request, const nlohmann::json& body, Respond respond) {
    auto email = protocol::required_email(body, "email");
    auto password = login_password(body);
    // Counted before Argon2 runs: however many attempts arrive at once, no more than the
    // limits allow reach the hashing pool; the rest are refused here, at no cost.
    auto admission = login_limits_.admit(email, request.address);
    if (!admission.admitted)
        return respond(rate_limited_response("Te veel mislukte pogingen. Probeer het later opnieuw.", admission.retry_after));
    bool queued = hashing_pool_.try_post([this, attempt = admission.attempt, password, respond](storage::Connection& c) {
        check_login(c, attempt, password, respond);
    });
    if (!queued) {
        login_limits_.cancelled(admission.attempt);  // never checked: it does not count
        respond(hashing_busy_response());
    }
}

void Accounts::check_login(storage::Connection& c, const LoginAttempt& attempt, const std::string& password,
                           const Respond& respond) {
    auto user = storage::find_user_by_email(c, attempt.email);
    bool usable = user && user->password_hash && !user->disabled;
    bool verified = verify_password(password, usable ? *user->password_hash : dummy_hash()) && usable;
    std::optional<std::int64_t> target = user ? std::optional(user->id) : std::nullopt;
    if (!verified) {
        // The attempt stays counted in the limits: it was a failure.
        run_write(
            services_.writer,
            [this, target, address = attempt.address](storage::Connection& w) -> nlohmann::json {
                audit_user_action(w, services_.now(), std::nullopt, "login_failed", target, {std::nullopt, address});
                return {};
            },
            [respond](Outcome outcome) {
                if (failed(outcome)) return respond(error_response(error(outcome)));
                respond(bad_credentials());
            });
        return;
    }
    login_limits_.succeeded(attempt);
    auto cookie = std::make_shared<std::string>();
    run_write(
        services_.writer,
        [this, id = user->id, address = attempt.address, cookie](storage::Connection& w) -> nlohmann::json {
            auto fresh = storage::find_user(w, id);
            if (!fresh || fresh->disabled) throw ProtocolError(ErrorCode::unauthenticated, "Inloggen mislukt.");
            if (storage::has_second_factor(w, id)) return second_step(w, id, address);
            *cookie = create_login(w, id, services_.now());
            audit_user_action(w, services_.now(), id, "login", id, {std::nullopt, address});
            return {{"user", self_json(*fresh)}};
        },
        [cookie, respond](Outcome outcome) {
            if (failed(outcome)) return respond(error_response(error(outcome)));
            // The second step comes without a cookie: the login is not done yet.
            if (cookie->empty()) return respond(json_response(200, result(outcome)));
            respond(login_response(result(outcome), 200, *cookie));
        });
}

nlohmann::json Accounts::second_step(storage::Connection& w, std::int64_t user_id, const std::string& address) {
    auto now = services_.now();
    auto token = random_token();
    storage::create_second_factor_token(w, token_hash(token), user_id, now, now + second_step_lifetime_seconds);
    auto methods = nlohmann::json::array();
    auto totp = storage::find_totp(w, user_id);
    if (totp && totp->confirmed) methods.push_back("totp");
    if (!storage::passkeys_of(w, user_id).empty()) methods.push_back("passkey");
    if (storage::recovery_codes_left(w, user_id) > 0) methods.push_back("recovery");
    audit_user_action(w, now, user_id, "login_password", user_id, {std::nullopt, address});
    return {{"second_factor", {{"token", token}, {"methods", methods}}}};
}

void Accounts::logout(const HttpRequest& request, Respond respond) {
    run_write(
        services_.writer,
        [this, token = request.cookie_token, address = request.address](storage::Connection& c) -> nlohmann::json {
            if (!plausible_token(token)) return {};
            auto hash = token_hash(token);
            auto user_id = storage::login_token_user(c, hash, services_.now());
            storage::delete_login_token(c, hash);
            if (!user_id) return {};
            audit_user_action(c, services_.now(), *user_id, "logout", *user_id, {std::nullopt, address});
            return {{"user", *user_id}, {"login", hash}};
        },
        [this, respond = std::move(respond)](Outcome outcome) {
            if (failed(outcome)) return respond(error_response(error(outcome)));
            // The connections opened with this login end with it (committed above).
            const auto& ended = result(outcome);
            if (ended.contains("login"))
                services_.registry.close_login(ended["user"].get<std::int64_t>(), ended["login"].get<std::string>(),
                                               CloseReason::logged_out);
            auto response = empty_response(204);
            clear_login_cookie(response);
            respond(response);
        });
}

void Accounts::me(const HttpRequest& request, Respond respond) {
    run_read(
        services_.pool,
        [this, token = request.cookie_token](storage::Connection& c) -> nlohmann::json {
            auto user = user_for_login_token(c, token, services_.now());
            if (!user) throw ProtocolError(ErrorCode::unauthenticated, "Je bent niet ingelogd.");
            nlohmann::json answer = {{"user", self_json(*user)}};
            // The policy requires a factor and there is none yet: the client leads to "Beveiliging".
            if (gate_.blocks(user->id)) answer["second_factor_setup_required"] = true;
            return answer;
        },
        [respond = std::move(respond)](Outcome outcome) {
            respond(failed(outcome) ? error_response(error(outcome)) : json_response(200, result(outcome)));
        });
}

void Accounts::authenticate(const std::string& cookie_token, Authenticated done) {
    services_.pool.post([this, cookie_token, done = std::move(done)](storage::Connection& c) {
        std::optional<storage::User> user;
        try {
            user = user_for_login_token(c, cookie_token, services_.now());
        } catch (const std::exception&) {
            user.reset();
        }
        done(std::move(user));
    });
}

void Accounts::activation_info(const std::string& token, Respond respond) {
    if (!plausible_token(token)) return respond(error_response(ErrorCode::not_found, "Deze link is onbekend."));
    run_read(
        services_.pool,
        [this, token](storage::Connection& c) -> nlohmann::json {
            auto activation = storage::find_activation(c, token_hash(token), services_.now());
            if (activation.state == storage::ActivationState::unknown)
                throw ProtocolError(ErrorCode::not_found, "Deze link is onbekend.");
            auto user = storage::find_user(c, activation.user_id);
            if (activation.state != storage::ActivationState::valid || !user || user->disabled)
                throw ProtocolError(ErrorCode::gone, "Deze link is al gebruikt of verlopen.");
            return {{"email", user->email}, {"display_name", user->display_name}};
        },
        [respond = std::move(respond)](Outcome outcome) {
            respond(failed(outcome) ? error_response(error(outcome)) : json_response(200, result(outcome)));
        });
}

void Accounts::activate(const HttpRequest& request, const std::string& token, const nlohmann::json& body,
                        Respond respond) {
    if (!plausible_token(token)) return respond(error_response(ErrorCode::not_found, "Deze link is onbekend."));
    auto password = protocol::required_password(body, "password");
    auto admission = activation_attempts_.try_acquire(request.address);
    if (!admission.admitted)
        return respond(rate_limited_response("Te veel pogingen. Probeer het later opnieuw.", admission.retry_after));
    bool queued = hashing_pool_.try_post([this, token, password, address = request.address,
                                          respond](storage::Connection&) mutable {
        auto hash = hash_password(password, services_.argon2);
        auto cookie = std::make_shared<std::string>();
        run_write(
            services_.writer,
            [this, token, hash, address, cookie](storage::Connection& c) -> nlohmann::json {
                auto now = services_.now();
                auto activation = storage::find_activation(c, token_hash(token), now);
                if (activation.state == storage::ActivationState::unknown)
                    throw ProtocolError(ErrorCode::not_found, "Deze link is onbekend.");
                auto user = storage::find_user(c, activation.user_id);
                if (activation.state != storage::ActivationState::valid || !user || user->disabled ||
                    !storage::use_activation_token(c, token_hash(token), now))
                    throw ProtocolError(ErrorCode::gone, "Deze link is al gebruikt of verlopen.");
                storage::set_password_hash(c, user->id, hash);
                // A new password ends every earlier login of this account.
                storage::delete_login_tokens_of(c, user->id);
                *cookie = create_login(c, user->id, now);
                audit_user_action(c, now, user->id, "activate", user->id, {std::nullopt, address});
                user->password_hash = hash;
                return {{"user", self_json(*user)}};
            },
            [cookie, respond = std::move(respond)](Outcome outcome) {
                if (failed(outcome)) return respond(error_response(error(outcome)));
                respond(login_response(result(outcome), 200, *cookie));
            });
    });
    if (!queued) {
        activation_attempts_.release(request.address, admission.at);  // never tried: it does not count
        respond(hashing_busy_response());
    }
}

}  // namespace kl::app
