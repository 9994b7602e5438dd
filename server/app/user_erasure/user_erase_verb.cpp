#include "server/app/user_erasure/user_erase_verb.hpp"

#include "protocol/fields.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/core/crypto.hpp"
#include "storage/connection.hpp"
#include "storage/user_erasure.hpp"
#include "storage/users.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

// 16 hex digits: names the erasure in the audit log without naming the person.
std::string new_pseudonym() {
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char byte : random_bytes(8)) {
        hex += digits[byte >> 4];
        hex += digits[byte & 0xf];
    }
    return hex;
}

}  // namespace

void UserEraseVerb::erase(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto target_id = protocol::id_value(protocol::required_id(request.params, "user"));
    auto posts = protocol::required_enum(request.params, "posts", {"anonymise", "redact"});
    run_write(
        services_.writer,
        [this, caller_id = client->user_id(), target_id, posts](storage::Connection& c) -> nlohmann::json {
            require_caller(c, caller_id, GlobalAction::user_erase);
            auto target = storage::find_user(c, target_id);
            if (!target) throw ProtocolError(ErrorCode::not_found, "Deze gebruiker bestaat niet.");
            if (target->erased_at) throw ProtocolError(ErrorCode::gone, "Deze persoon is al verwijderd.");
            if (target->id == caller_id)
                throw ProtocolError(ErrorCode::forbidden, "Je kunt jezelf niet verwijderen.");
            if (target->global_role == "admin" && !target->disabled && storage::count_active_administrators(c) <= 1)
                throw ProtocolError(ErrorCode::forbidden, "De laatste beheerder kan niet verwijderd worden.");
            auto now = services_.now();
            auto pseudonym = new_pseudonym();
            storage::begin_user_erasure(c, target->id, posts, caller_id, pseudonym, now);
            audit_user_action(c, now, caller_id, "user.erased", target->id,
                              {std::nullopt, "", {{"pseudonym", pseudonym}, {"posts", posts}}});
            auto sessions = nlohmann::json::array();
            for (auto session : storage::user_erasure_sessions(c, target->id)) sessions.push_back(session);
            return {{"user", {{"id", std::to_string(target->id)}, {"erased", true}}}, {"sessions", sessions}};
        },
        [this, target_id, finish = std::move(finish)](Outcome outcome) {
            if (!failed(outcome)) {
                // Committed: the person is signed out everywhere, and the boards that
                // showed their name are built again.
                services_.registry.close_user(target_id, CloseReason::account_disabled);
                for (const auto& session : result(outcome)["sessions"]) boards_.forget(session.get<std::int64_t>());
                eraser_.kick();
                return finish(nlohmann::json{{"user", result(outcome)["user"]}});
            }
            finish(std::move(outcome));
        });
}

}  // namespace kl::app
