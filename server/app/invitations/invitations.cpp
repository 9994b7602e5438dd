#include "server/app/invitations/invitations.hpp"

#include "protocol/fields.hpp"
#include "protocol/time.hpp"
#include "protocol/vocabulary.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/access/session_access.hpp"
#include "server/app/accounts/accounts.hpp"
#include "server/app/accounts/user_json.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/core/crypto.hpp"
#include "server/app/core/password_hasher.hpp"
#include "server/app/core/session_change.hpp"
#include "server/app/invitations/invitation_mail.hpp"
#include "server/app/http/http_responses.hpp"
#include "server/app/notifications/notify.hpp"
#include "server/app/sessions/session_json.hpp"
#include "storage/connection.hpp"
#include "storage/invitations.hpp"
#include "storage/sessions.hpp"
#include "storage/users.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

constexpr int max_attempts_per_address = 10;
constexpr auto attempt_window = std::chrono::minutes(15);

bool plausible_token(const std::string& token) {
    if (token.empty() || token.size() > 128) return false;
    for (char c : token)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    return true;
}

int role_rank(const std::string& role) {
    if (role == "moderator") return 3;
    if (role == "participant") return 2;
    if (role == "expert") return 1;
    return 0;
}

nlohmann::json invitation_json(storage::Connection& c, const storage::Invitation& i, std::int64_t now) {
    nlohmann::json used_by = nullptr;
    if (i.used_by)
        if (auto user = storage::find_user(c, *i.used_by)) used_by = user_summary(*user);
    return {{"id", std::to_string(i.id)},
            {"session", std::to_string(i.session_id)},
            {"role", i.role},
            {"email", i.email ? nlohmann::json(*i.email) : nullptr},
            {"display_name", i.display_name ? nlohmann::json(*i.display_name) : nullptr},
            {"note", i.note},
            {"status", i.status(now)},
            {"created_at", protocol::time_json(i.created_at)},
            {"expires_at", protocol::time_json(i.expires_at)},
            {"access_until", protocol::time_json(i.access_until)},
            {"history", i.history},
            {"invited_by", user_ref(c, i.invited_by)},
            {"used_by", used_by},
            {"used_at", protocol::time_json(i.used_at)}};
}

void record_invitation_event(storage::Connection& c, Change& change, const storage::User& actor, std::int64_t now,
                             const std::string& kind, const storage::Invitation& invitation) {
    record_event(c, change, invitation.session_id, now, actor,
                 {kind, {{"invitation", invitation_json(c, invitation, now)}}, Audience::moderators()});
}

// Ends one guest's access now, inside the transaction: the mark, and member.removed.
void end_access(storage::Connection& c, Change& change, std::int64_t session_id, std::int64_t user_id,
                const storage::User& actor, std::int64_t now, std::vector<storage::EndedAccess>& ended) {
    storage::mark_access_ended(c, session_id, user_id);
    auto user = storage::find_user(c, user_id);
    record_event(c, change, session_id, now, actor,
                 {"member.removed", {{"user", {{"id", std::to_string(user_id)}, {"display_name", user ? user->display_name : ""}}},
                                     {"reason", "access_ended"}}});
    ended.push_back({session_id, user_id});
}

storage::Invitation require_invitation(storage::Connection& c, const storage::User& caller, std::int64_t id,
                                       std::int64_t now) {
    auto invitation = storage::find_invitation(c, id);
    if (!invitation) throw ProtocolError(ErrorCode::not_found, "Deze uitnodiging bestaat niet.");
    require_session(c, caller, invitation->session_id, SessionAction::manage_members, now);
    return *invitation;
}

std::optional<std::int64_t> seconds_of(const std::optional<protocol::TimePoint>& time) {
    if (!time) return std::nullopt;
    return time->time_since_epoch().count();
}

}  // namespace

Invitations::Invitations(Services& services, Hub& hub, BlockingPool& hashing_pool)
    : services_(services),
      hub_(hub),
      hashing_pool_(hashing_pool),
      attempts_(services.clock, max_attempts_per_address, attempt_window) {}

// After the commit of a change that ended guests' access: end their subscriptions and
// close their connections, then answer.
static Finish closing_access(Services& services, Hub& hub, std::shared_ptr<std::vector<storage::EndedAccess>> ended,
                             Finish finish) {
    return [&services, &hub, ended, finish = std::move(finish)](Outcome outcome) {
        if (!failed(outcome))
            for (const auto& access : *ended) {
                hub.remove_user(access.session_id, access.user_id);
                services.registry.close_user(access.user_id, CloseReason::access_ended);
            }
        finish(std::move(outcome));
    };
}

void Invitations::create(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    const auto& params = request.params;
    auto session_id = protocol::id_value(protocol::required_id(params, "session"));
    storage::Invitation invitation;
    invitation.role = protocol::required_enum(params, "role", {"expert", "participant", "observer"});
    if (params.contains("email") && !params["email"].is_null()) invitation.email = protocol::required_email(params, "email");
    invitation.display_name = protocol::optional_string(params, "display_name", 1, 100);
    invitation.note = protocol::optional_string(params, "note", 0, 1000, protocol::Text::multi_line).value_or("");
    auto hours = protocol::required_int(params, "expires_in_hours", 1, 720);
    invitation.access_until = seconds_of(protocol::optional_time(params, "access_until"));
    invitation.history = protocol::optional_enum(params, "history", protocol::invite_histories).value_or("full");
    auto token = random_token();
    invitation.token_hash = token_hash(token);
    run_change(
        services_, hub_,
        [this, id = client->user_id(), session_id, invitation, hours, token](storage::Connection& c,
                                                                            Change& change) mutable -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto access = require_session(c, caller, session_id, SessionAction::manage_members, now);
            if (invitation.access_until && *invitation.access_until <= now)
                throw ProtocolError(ErrorCode::bad_request, "Het einde van de toegang ligt in het verleden.");
            if (!invitation.access_until && invitation.role == "expert") invitation.access_until = access.session.ends_at;
            invitation.session_id = session_id;
            invitation.created_at = now;
            invitation.expires_at = now + hours * 3600;
            invitation.invited_by = caller.id;
            auto stored = storage::create_invitation(c, invitation);
            record_invitation_event(c, change, caller, now, "invite.created", stored);
            audit_action(c, now, caller.id, "invite.create", AuditTarget{"invitation", stored.id},
                         {session_id, "", {{"role", stored.role}, {"expires_at", protocol::time_json(stored.expires_at)}}});
            auto url = services_.origin + "/invite/" + token;
            // Queued in this transaction: the mail exists exactly when the invitation does.
            auto mailed = mail::Queued::not_configured;
            if (stored.email)
                mailed = mail::queue_mail(services_, c,
                                          invitation_mail(*stored.email, caller.display_name, access.session.title,
                                                          stored.role, hours, !stored.note.empty(), url));
            return {{"invitation", invitation_json(c, stored, now)},
                    {"token", token},
                    {"url", url},
                    {"mail", stored.email ? nlohmann::json(mail::queued_name(mailed)) : nlohmann::json(nullptr)}};
        },
        std::move(finish));
}

void Invitations::list(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    run_read(
        services_.pool,
        [this, id = client->user_id(), session_id](storage::Connection& c) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto access = require_session(c, caller, session_id, SessionAction::read, now);
            if (!access.member || access.member->role != "moderator")
                throw ProtocolError(ErrorCode::forbidden, "Alleen moderatoren zien de uitnodigingen.");
            auto invitations = nlohmann::json::array();
            for (const auto& invitation : storage::list_invitations(c, session_id))
                invitations.push_back(invitation_json(c, invitation, now));
            return {{"invitations", invitations}};
        },
        std::move(finish));
}

void Invitations::revoke(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto invitation_id = protocol::id_value(protocol::required_id(request.params, "invitation"));
    auto ended = std::make_shared<std::vector<storage::EndedAccess>>();
    run_change(
        services_, hub_,
        [this, id = client->user_id(), invitation_id, ended](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto invitation = require_invitation(c, caller, invitation_id, now);
            if (invitation.revoked_at) throw ProtocolError(ErrorCode::conflict, "Deze uitnodiging is al ingetrokken.");
            invitation.revoked_at = now;
            storage::update_invitation(c, invitation);
            if (invitation.used_by) {
                auto member = storage::find_member(c, invitation.session_id, *invitation.used_by);
                if (member && member->invited_by == invitation.invited_by && member->role != "moderator") {
                    storage::set_member_access(c, invitation.session_id, *invitation.used_by, now);
                    end_access(c, change, invitation.session_id, *invitation.used_by, caller, now, *ended);
                }
            }
            record_invitation_event(c, change, caller, now, "invite.revoked", invitation);
            audit_action(c, now, caller.id, "invite.revoke", AuditTarget{"invitation", invitation.id},
                         {invitation.session_id, ""});
            return {{"invitation", invitation_json(c, invitation, now)}};
        },
        closing_access(services_, hub_, ended, std::move(finish)));
}

void Invitations::extend(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto invitation_id = protocol::id_value(protocol::required_id(request.params, "invitation"));
    auto until = protocol::required_time(request.params, "access_until").time_since_epoch().count();
    auto ended = std::make_shared<std::vector<storage::EndedAccess>>();
    run_change(
        services_, hub_,
        [this, id = client->user_id(), invitation_id, until, ended](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto invitation = require_invitation(c, caller, invitation_id, now);
            if (invitation.revoked_at) throw ProtocolError(ErrorCode::gone, "Deze uitnodiging is ingetrokken.");
            invitation.access_until = until;
            storage::update_invitation(c, invitation);
            if (invitation.used_by) {
                storage::set_member_access(c, invitation.session_id, *invitation.used_by, until);
                if (until <= now) end_access(c, change, invitation.session_id, *invitation.used_by, caller, now, *ended);
                if (auto member = storage::find_member(c, invitation.session_id, *invitation.used_by))
                    record_event(c, change, invitation.session_id, now, caller,
                                 {"member.role_changed", {{"member", member_json(c, *member)}}});
            }
            record_invitation_event(c, change, caller, now, "invite.extended", invitation);
            audit_action(c, now, caller.id, "invite.extend", AuditTarget{"invitation", invitation.id},
                         {invitation.session_id, "", {{"access_until", protocol::time_json(until)}}});
            return {{"invitation", invitation_json(c, invitation, now)}};
        },
        closing_access(services_, hub_, ended, std::move(finish)));
}

void Invitations::end_guest_access(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    auto ended = std::make_shared<std::vector<storage::EndedAccess>>();
    run_change(
        services_, hub_,
        [this, id = client->user_id(), session_id, ended](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            require_session(c, caller, session_id, SessionAction::manage_members, now);
            for (const auto& member : storage::list_members(c, session_id)) {
                if (member.role != "expert" || (member.access_until && *member.access_until <= now)) continue;
                storage::set_member_access(c, session_id, member.user_id, now);
                end_access(c, change, session_id, member.user_id, caller, now, *ended);
            }
            audit_action(c, now, caller.id, "session.end_guest_access", AuditTarget{"session", session_id},
                         {session_id, "", {{"ended", ended->size()}}});
            return {{"ended", ended->size()}};
        },
        closing_access(services_, hub_, ended, std::move(finish)));
}

void Invitations::end_expired_access() {
    auto ended = std::make_shared<std::vector<storage::EndedAccess>>();
    run_change(
        services_, hub_,
        [this, ended](storage::Connection& c, Change& change) -> nlohmann::json {
            auto now = services_.now();
            for (const auto& access : storage::accesses_ended(c, now)) {
                // The guest ended their own access, as far as the event's actor goes.
                auto guest = storage::find_user(c, access.user_id).value_or(storage::User{});
                end_access(c, change, access.session_id, access.user_id, guest, now, *ended);
            }
            return nlohmann::json::object();
        },
        closing_access(services_, hub_, ended, [](Outcome) {}));
}

void Invitations::info(const HttpRequest&, const std::string& token, Respond respond) {
    if (!plausible_token(token)) return respond(error_response(ErrorCode::not_found, "Deze uitnodiging bestaat niet."));
    run_read(
        services_.pool,
        [this, token](storage::Connection& c) -> nlohmann::json {
            auto now = services_.now();
            auto invitation = storage::find_invitation_by_token(c, token_hash(token));
            if (!invitation) throw ProtocolError(ErrorCode::not_found, "Deze uitnodiging bestaat niet.");
            if (invitation->status(now) != "open")
                throw ProtocolError(ErrorCode::gone, "Deze uitnodiging is al gebruikt, ingetrokken of verlopen.");
            auto session = storage::find_session(c, invitation->session_id);
            auto inviter = storage::find_user(c, invitation->invited_by);
            return {{"session_title", session ? session->title : ""},
                    {"role", invitation->role},
                    {"invited_by", inviter ? inviter->display_name : ""},
                    {"expires_at", protocol::time_json(invitation->expires_at)},
                    {"access_until", protocol::time_json(invitation->access_until)},
                    {"note", invitation->note},
                    {"display_name", invitation->display_name ? nlohmann::json(*invitation->display_name) : nullptr},
                    {"email", invitation->email ? nlohmann::json(*invitation->email) : nullptr}};
        },
        [respond = std::move(respond)](Outcome outcome) {
            respond(failed(outcome) ? error_response(error(outcome)) : json_response(200, result(outcome)));
        });
}

void Invitations::accept(const HttpRequest& request, const std::string& token, const nlohmann::json& body,
                         Respond respond) {
    if (!plausible_token(token)) return respond(error_response(ErrorCode::not_found, "Deze uitnodiging bestaat niet."));
    // Counted before the password is hashed, so that concurrent attempts get no more through.
    auto admission = attempts_.try_acquire(request.address);
    if (!admission.admitted)
        return respond(rate_limited_response("Te veel pogingen. Probeer het later opnieuw.", admission.retry_after));
    // On the hashing pool as a whole: a newcomer's password is hashed here (its
    // worker's read connection serves the lookup of a logged-in acceptor).
    bool queued = hashing_pool_.try_post([this, token, body, cookie_token = request.cookie_token,
                                          address = request.address, respond](storage::Connection& pool_connection) mutable {
        try {
            // A logged-in person accepts as themselves; anyone else creates an account.
            auto current = user_for_login_token(pool_connection, cookie_token, services_.now());
            std::optional<storage::NewUser> account;
            if (!current) {
                storage::NewUser fresh;
                fresh.display_name = protocol::required_string(body, "display_name", 1, 100);
                fresh.email = protocol::required_email(body, "email");
                const auto& organisation = protocol::required_object(body, "organisation");
                fresh.organisation_type = protocol::required_enum(organisation, "type", protocol::organisation_types);
                fresh.organisation_name = protocol::required_string(organisation, "name", 1, 200);
                fresh.global_role = "member";
                fresh.password_hash = hash_password(protocol::required_password(body, "password"), services_.argon2);
                account = std::move(fresh);
            }
            auto cookie = std::make_shared<std::string>();
            run_change(
                services_, hub_,
                [this, token, account, current_id = current ? current->id : 0, address, cookie](
                    storage::Connection& c, Change& change) mutable -> nlohmann::json {
                    auto now = services_.now();
                    auto invitation = storage::find_invitation_by_token(c, token_hash(token));
                    if (!invitation) throw ProtocolError(ErrorCode::not_found, "Deze uitnodiging bestaat niet.");
                    if (invitation->status(now) != "open")
                        throw ProtocolError(ErrorCode::gone, "Deze uitnodiging is al gebruikt, ingetrokken of verlopen.");
                    storage::User user;
                    if (account) {
                        // Never take over an existing account: its owner logs in first.
                        if (storage::find_user_by_email(c, account->email))
                            throw ProtocolError(ErrorCode::conflict,
                                                "Er bestaat al een account met dit e-mailadres. Log eerst in.");
                        account->created_at = now;
                        account->created_by = invitation->invited_by;
                        user = storage::create_user(c, *account);
                        *cookie = create_login(c, user.id, now);
                    } else {
                        auto found = storage::find_user(c, current_id);
                        if (!found || found->disabled) throw ProtocolError(ErrorCode::unauthenticated, "Log opnieuw in.");
                        user = *found;
                    }
                    auto session = storage::find_session(c, invitation->session_id);
                    if (!session || session->archived_at)
                        throw ProtocolError(ErrorCode::gone, "Deze sessie is gearchiveerd.");
                    auto inviter = storage::find_user(c, invitation->invited_by).value_or(storage::User{});
                    auto existing = storage::find_member(c, session->id, user.id);
                    bool active = existing && (!existing->access_until || *existing->access_until > now);
                    if (!active || role_rank(existing->role) < role_rank(invitation->role)) {
                        if (existing) storage::remove_member(c, session->id, user.id);
                        storage::Member member;
                        member.session_id = session->id;
                        member.user_id = user.id;
                        member.role = invitation->role;
                        member.joined_at = now;
                        member.added_by = invitation->invited_by;
                        member.invited_by = invitation->invited_by;
                        member.access_until = invitation->access_until;
                        member.visible_from_seq = invitation->history == "from_join" ? session->head_seq : 0;
                        storage::add_member(c, member);
                        record_event(c, change, session->id, now, user, {"member.added", {{"member", member_json(c, member)}}});
                    }
                    invitation->used_by = user.id;
                    invitation->used_at = now;
                    storage::update_invitation(c, *invitation);
                    record_invitation_event(c, change, user, now, "invite.accepted", *invitation);
                    // The inviter learns it while they moderate the session (the gate's rule).
                    notify(c, change, about_session(session->id, invitation->invited_by, "invite.accepted"), user.id, now);
                    audit_action(c, now, user.id, "invite.accept", AuditTarget{"invitation", invitation->id},
                                 {session->id, address, {{"role", invitation->role}, {"invited_by", std::to_string(inviter.id)}}});
                    return {{"user", self_json(user)}, {"session", std::to_string(session->id)}};
                },
                [cookie, respond](Outcome outcome) {
                    if (failed(outcome)) return respond(error_response(error(outcome)));
                    auto response = json_response(200, result(outcome));
                    if (!cookie->empty()) set_login_cookie(response, *cookie);
                    respond(response);
                });
        } catch (const ProtocolError& e) {
            respond(error_response(e));
        }
    });
    if (!queued) {
        attempts_.release(request.address, admission.at);  // never tried: it does not count
        respond(hashing_busy_response());
    }
}

}  // namespace kl::app
