#include "server/app/sessions/session_verbs.hpp"

#include "protocol/json_parse.hpp"

#include "protocol/fields.hpp"
#include "protocol/time.hpp"
#include "protocol/vocabulary.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/access/reader.hpp"
#include "server/app/access/session_access.hpp"
#include "server/app/access/thread_access.hpp"
#include "server/app/accounts/user_json.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/board/board_json.hpp"
#include "server/app/board/board_verbs.hpp"
#include "server/app/core/session_change.hpp"
#include "server/app/notes/notes_json.hpp"
#include "server/app/sessions/session_json.hpp"
#include "server/app/threads/post_json.hpp"
#include "storage/audit.hpp"
#include "storage/connection.hpp"
#include "storage/events.hpp"
#include "storage/retention.hpp"
#include "storage/sessions.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

// A subscribe retries when a membership change raced with it; a change a round is
// rare, so running out means someone changes this member's rights in a loop.
constexpr int max_subscribe_attempts = 16;

ProtocolError replay_in_progress() {
    return ProtocolError(ErrorCode::rate_limited, "Je vorige aanmelding bij de sessie wordt nog verstuurd. Probeer het zo opnieuw.",
                         {{"retry_after", 1}});
}

std::optional<std::int64_t> seconds_of(const std::optional<protocol::TimePoint>& time) {
    if (!time) return std::nullopt;
    return time->time_since_epoch().count();
}

// Reads the optional session fields shared by create and update into session.
void read_session_fields(const nlohmann::json& params, storage::Session& session) {
    if (auto title = protocol::optional_string(params, "title", 1, 200)) session.title = *title;
    if (auto description = protocol::optional_string(params, "description", 0, 5000, protocol::Text::multi_line))
        session.description = *description;
    if (params.contains("starts_at")) session.starts_at = seconds_of(protocol::optional_time(params, "starts_at"));
    if (params.contains("ends_at")) session.ends_at = seconds_of(protocol::optional_time(params, "ends_at"));
    if (auto premoderation = protocol::optional_bool(params, "premoderation")) session.premoderation = *premoderation;
    if (auto participants = protocol::optional_bool(params, "premoderate_participants"))
        session.premoderate_participants = *participants;
    if (auto experts = protocol::optional_bool(params, "experts_add_cards")) session.experts_add_cards = *experts;
    // null: no term (kept until one is set); a number: whole days after archiving.
    if (params.contains("retention_days"))
        session.retention_days = params["retention_days"].is_null()
                                     ? std::nullopt
                                     : protocol::optional_int(params, "retention_days", 0, storage::max_retention_days);
    if (session.starts_at && session.ends_at && *session.ends_at < *session.starts_at)
        throw ProtocolError(ErrorCode::bad_request, "Het einde ligt voor het begin.");
}

storage::Member require_member(storage::Connection& c, std::int64_t session_id, const std::string& user_id) {
    auto member = storage::find_member(c, session_id, protocol::id_value(user_id));
    if (!member) throw ProtocolError(ErrorCode::not_found, "Deze persoon is geen lid van de sessie.");
    return *member;
}

}  // namespace

SessionVerbs::SessionVerbs(Services& services, Hub& hub, SecondFactorGate& gate)
    : services_(services), hub_(hub), gate_(gate) {}

void SessionVerbs::change(ChangeWork work, Finish finish) { run_change(services_, hub_, std::move(work), std::move(finish)); }

void SessionVerbs::list(const std::shared_ptr<Client>& client, const protocol::Request&, Finish finish) {
    run_read(
        services_.pool,
        [this, id = client->user_id()](storage::Connection& c) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto sessions = nlohmann::json::array();
            for (const auto& session : storage::list_sessions(c, caller.id, caller.global_role == "admin", now))
                sessions.push_back(session_json(session, active_membership(c, session.id, caller.id, now)));
            return {{"sessions", sessions}};
        },
        std::move(finish));
}

void SessionVerbs::create(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    storage::Session session;
    session.title = protocol::required_string(request.params, "title", 1, 200);
    session.retention_days = services_.config.default_retention_days;
    read_session_fields(request.params, session);
    change(
        [this, id = client->user_id(), session](storage::Connection& c, Change& change) mutable -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::session_create);
            auto now = services_.now();
            session.created_at = now;
            session.created_by = caller.id;
            auto created = storage::create_session(c, session);
            storage::Member moderator;
            moderator.session_id = created.id;
            moderator.user_id = caller.id;
            moderator.role = "moderator";
            moderator.joined_at = now;
            moderator.added_by = caller.id;
            storage::add_member(c, moderator);
            add_default_columns(c, created.id);
            record_event(c, change, created.id, now, caller, {"member.added", {{"member", member_json(c, moderator)}}});
            audit_user_action(c, now, caller.id, "session.create", caller.id, {created.id, ""});
            created = *storage::find_session(c, created.id);
            return {{"session", session_json(created, moderator)}};
        },
        std::move(finish));
}

void SessionVerbs::update(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    auto version = protocol::optional_int(request.params, "version", 1, INT64_MAX);
    storage::Session fields;  // validated now, applied in the transaction
    read_session_fields(request.params, fields);
    change(
        [this, id = client->user_id(), session_id, version, params = request.params](storage::Connection& c,
                                                                                      Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            // Only a new term: allowed on an archived session too (SessionAction::set_retention).
            bool only_retention = params.contains("retention_days");
            for (const auto* key : {"title", "description", "starts_at", "ends_at", "premoderation",
                                    "premoderate_participants", "experts_add_cards"})
                if (params.contains(key)) only_retention = false;
            auto access = require_session(c, caller, session_id,
                                          only_retention ? SessionAction::set_retention : SessionAction::update, now);
            auto& session = access.session;
            if (version && *version != session.version)
                throw ProtocolError(ErrorCode::conflict, "Iemand anders heeft de sessie intussen gewijzigd.",
                                    {{"session", session_json(session, access.member)}});
            auto retention_before = session.retention_days;
            read_session_fields(params, session);
            if (session.retention_days != retention_before) {
                if (session.erased_at)
                    throw ProtocolError(ErrorCode::bad_request, "De inhoud van deze sessie is al gewist.");
                session.erase_notice_at.reset();  // a new date is announced again
                audit_action(c, now, caller.id, "session.retention", AuditTarget{"session", session.id},
                             {session.id, "", {{"retention_days", session.retention_days ? nlohmann::json(*session.retention_days) : nlohmann::json(nullptr)}}});
            }
            storage::update_session(c, session);
            record_event(c, change, session.id, now, caller, {"session.updated", {{"session", session_json(session)}}});
            return {{"session", session_json(session, access.member)}};
        },
        std::move(finish));
}

void SessionVerbs::archive(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    change(
        [this, id = client->user_id(), session_id](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto access = require_session(c, caller, session_id, SessionAction::archive, now);
            access.session.archived_at = now;
            storage::update_session(c, access.session);
            record_event(c, change, session_id, now, caller, {"session.archived", {{"session", session_json(access.session)}}});
            audit_user_action(c, now, caller.id, "session.archive", caller.id, {session_id, ""});
            return {{"session", session_json(access.session, access.member)}};
        },
        std::move(finish));
}

void SessionVerbs::state(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    run_read(
        services_.pool,
        [this, id = client->user_id(), session_id](storage::Connection& c) -> SharedResult {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            // One read transaction: the snapshot and head_seq belong together (and the
            // board kept for that head_seq is the board of this snapshot).
            return storage::in_read_transaction(c, [&]() -> SharedResult {
                auto access = require_session(c, caller, session_id, SessionAction::read, now);
                auto reader = Reader::of(*access.member);
                auto threads = nlohmann::json::array();
                for (const auto& thread : storage::list_threads(c, session_id))
                    if (reader.may_read(thread)) threads.push_back(thread_json(c, thread, caller.id));
                auto members = nlohmann::json::array();
                for (const auto& member : storage::list_members(c, session_id))
                    if (!member.access_until || *member.access_until > now) members.push_back(member_json(c, member));
                // An erasure (retention/) deletes the board without an event, batch by
                // batch: from its start on, and after it, the board is read as it is and
                // never taken from what was kept before.
                auto build_board = [&] { return board_json(c, session_id, reader); };
                auto board = access.session.erasure_started_at || access.session.erased_at
                                 ? std::make_shared<const std::string>(protocol::dump(build_board()))
                                 : boards_.board(session_id, access.session.head_seq, reader.board_audience(), build_board);
                nlohmann::json fields = {{"session", session_json(access.session, access.member)},
                                         {"members", members},
                                         {"threads", threads},
                                         {"notes", notes_json(c, session_id, reader)},
                                         {"head_seq", access.session.head_seq},
                                         {"online", hub_.online(session_id)}};
                return {std::move(fields), {{"board", std::move(board)}}};
            });
        },
        std::move(finish));
}

void SessionVerbs::subscribe(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    auto after_seq = protocol::required_int(request.params, "after_seq", 0, INT64_MAX);
    // A client that has not read its last replay gets no second one on top of it.
    if (client->burst_pending()) return finish(replay_in_progress());
    services_.pool.post([this, client, session_id, after_seq, request_id = request.id,
                         finish = std::move(finish)](storage::Connection& c) {
        bool registered = false;
        try {
            // The rights read here must still hold when the hub registers them: the
            // epoch is read before the membership, and a change committed in between
            // makes begin_subscribe refuse, so the membership is read again.
            for (int attempt = 1; !registered; ++attempt) {
                auto epoch = hub_.membership_epoch(session_id, client->user_id());
                auto caller = require_caller(c, client->user_id(), GlobalAction::hello);
                auto access = require_session(c, caller, session_id, SessionAction::read, services_.now());
                // Register first, then read: an event committed meanwhile is either in
                // the read or held by the hub (or both; the hub drops the duplicate).
                auto start =
                    hub_.begin_subscribe(session_id, client, {access.reader(), user_summary(caller)}, after_seq, epoch);
                if (start == SubscribeStart::still_replaying) throw replay_in_progress();
                registered = start == SubscribeStart::registered;
                if (!registered && attempt == max_subscribe_attempts)
                    throw ProtocolError(ErrorCode::conflict, "Je lidmaatschap verandert net. Probeer het opnieuw.");
            }
            auto head = storage::find_session(c, session_id)->head_seq;
            auto replay = after_seq <= head ? storage::events_after(c, session_id, after_seq, replay_budget)
                                            : std::nullopt;
            if (!replay)
                throw ProtocolError(ErrorCode::resync_required, "Laad de sessie opnieuw.",
                                    {{"head_seq", head}});
            if (!hub_.finish_subscribe(session_id, client.get(), protocol::answer_ok(request_id, {{"head_seq", head}}),
                                       *replay))
                finish(ProtocolError(ErrorCode::forbidden, "Je bent geen lid meer van deze sessie."));
        } catch (const ProtocolError& e) {
            if (registered)
                hub_.abort_subscribe(session_id, client.get(), protocol::answer_error(request_id, e));
            else
                finish(e);
        } catch (const std::exception& e) {
            ProtocolError internal(ErrorCode::internal, "Er ging iets mis op de server.");
            if (registered)
                hub_.abort_subscribe(session_id, client.get(), protocol::answer_error(request_id, internal));
            else
                finish(internal);
        }
    });
}

void SessionVerbs::unsubscribe(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    hub_.unsubscribe(session_id, client.get());
    finish(nlohmann::json::object());
}

void SessionVerbs::member_add(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    auto user_id = protocol::id_value(protocol::required_id(request.params, "user"));
    auto role = protocol::required_enum(request.params, "role", protocol::session_roles);
    change(
        [this, id = client->user_id(), session_id, user_id, role](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            require_session(c, caller, session_id, SessionAction::manage_members, now);
            auto user = storage::find_user(c, user_id);
            if (!user || user->disabled) throw ProtocolError(ErrorCode::not_found, "Deze gebruiker bestaat niet.");
            if (auto existing = storage::find_member(c, session_id, user_id)) {
                if (!existing->access_until || *existing->access_until > now)
                    throw ProtocolError(ErrorCode::conflict, "Deze persoon is al lid van de sessie.");
                storage::remove_member(c, session_id, user_id);  // an ended guest access is replaced
            }
            storage::Member member;
            member.session_id = session_id;
            member.user_id = user_id;
            member.role = role;
            member.joined_at = now;
            member.added_by = caller.id;
            storage::add_member(c, member);
            gate_.recheck(c, user_id);
            auto json = member_json(c, member);
            record_event(c, change, session_id, now, caller, {"member.added", {{"member", json}}});
            audit_user_action(c, now, caller.id, "member.add", user_id, {session_id, "", {{"role", role}}});
            return {{"member", json}};
        },
        std::move(finish));
}

void SessionVerbs::member_remove(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    auto user_id = protocol::required_id(request.params, "user");
    change(
        [this, id = client->user_id(), session_id, user_id](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            require_session(c, caller, session_id, SessionAction::manage_members, now);
            auto member = require_member(c, session_id, user_id);
            if (member.role == "moderator" && storage::count_moderators(c, session_id) == 1)
                throw ProtocolError(ErrorCode::conflict, "Een sessie houdt minstens één moderator.");
            auto user = storage::find_user(c, member.user_id);
            storage::remove_member(c, session_id, member.user_id);
            gate_.recheck(c, member.user_id);
            record_event(c, change, session_id, now, caller, {"member.removed", {{"user", {{"id", std::to_string(member.user_id)}, {"display_name", user ? user->display_name : ""}}}}});
            audit_user_action(c, now, caller.id, "member.remove", member.user_id, {session_id, ""});
            change.removed_user = member.user_id;
            return nlohmann::json::object();
        },
        std::move(finish));
}

void SessionVerbs::member_set_role(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    auto user_id = protocol::required_id(request.params, "user");
    auto role = protocol::required_enum(request.params, "role", protocol::session_roles);
    change(
        [this, id = client->user_id(), session_id, user_id, role](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            require_session(c, caller, session_id, SessionAction::manage_members, now);
            auto member = require_member(c, session_id, user_id);
            if (member.role == "moderator" && role != "moderator" && storage::count_moderators(c, session_id) == 1)
                throw ProtocolError(ErrorCode::conflict, "Een sessie houdt minstens één moderator.");
            member.role = role;
            storage::update_member(c, member);
            auto json = member_json(c, member);
            record_event(c, change, session_id, now, caller, {"member.role_changed", {{"member", json}}});
            audit_user_action(c, now, caller.id, "member.set_role", member.user_id, {session_id, "", {{"role", role}}});
            change.moderator_change = std::pair(member.user_id, role == "moderator");
            gate_.recheck(c, member.user_id);
            return {{"member", json}};
        },
        std::move(finish));
}

void SessionVerbs::member_mute(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto session_id = protocol::id_value(protocol::required_id(request.params, "session"));
    auto user_id = protocol::required_id(request.params, "user");
    if (!request.params.contains("until")) throw ProtocolError(ErrorCode::bad_request, "Veld 'until' ontbreekt.");
    auto until = seconds_of(protocol::optional_time(request.params, "until"));
    change(
        [this, id = client->user_id(), session_id, user_id, until](storage::Connection& c, Change& change) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            require_session(c, caller, session_id, SessionAction::manage_members, now);
            auto member = require_member(c, session_id, user_id);
            member.muted_until = until && *until > now ? until : std::nullopt;
            storage::update_member(c, member);
            auto json = member_json(c, member);
            record_event(c, change, session_id, now, caller, {"member.muted", {{"member", json}}});
            audit_user_action(c, now, caller.id, "member.mute", member.user_id, {session_id, "", {{"until", protocol::time_json(until)}}});
            return {{"member", json}};
        },
        std::move(finish));
}

}  // namespace kl::app
