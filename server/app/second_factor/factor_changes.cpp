#include "server/app/second_factor/factor_changes.hpp"

#include "protocol/time.hpp"
#include "server/app/access/second_factor_gate.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/second_factor/recovery_codes.hpp"
#include "storage/connection.hpp"

namespace kl::app {

bool policy_requires_factor(storage::Connection& connection, std::int64_t user_id) {
    auto policy = parse_second_factor_policy(storage::second_factor_policy(connection)).value_or(SecondFactorPolicy::none);
    return policy_covers(policy, storage::is_staff_or_moderator(connection, user_id));
}

void audit_factor(storage::Connection& connection, std::int64_t now, std::int64_t actor, const std::string& action,
                  std::int64_t target, const std::string& method, const nlohmann::json& detail) {
    nlohmann::json entry = detail;
    entry["method"] = method;
    audit_user_action(connection, now, actor, action, target, {std::nullopt, "", entry});
}

nlohmann::json fresh_recovery_codes(storage::Connection& connection, std::int64_t user_id, std::int64_t now) {
    auto codes = new_recovery_codes();
    std::vector<std::string> hashes;
    for (const auto& code : codes) hashes.push_back(recovery_code_hash(*normalise_recovery_code(code)));
    storage::replace_recovery_codes(connection, user_id, hashes, now);
    return codes;
}

nlohmann::json passkey_json(const storage::Passkey& passkey) {
    return {{"id", std::to_string(passkey.id)},
            {"name", passkey.name},
            {"created_at", protocol::time_json(passkey.created_at)},
            {"last_used_at", protocol::time_json(passkey.last_used_at)}};
}

}  // namespace kl::app
