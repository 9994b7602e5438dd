#pragma once
// What every change to a person's own factors shares, whether it is an authenticator
// app or a passkey: whether the policy requires them to keep one, the audit entry of
// the change, the fresh recovery codes that come with the first factor, and the wire
// form of a passkey. All run inside the caller's writer (or reader) transaction.
#include "storage/second_factor.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace kl::storage {
class Connection;
}

namespace kl::app {

// True when the stored policy covers this user, so that their last factor must stay.
bool policy_requires_factor(storage::Connection& connection, std::int64_t user_id);

// An audit entry about the user's own factor: action e.g. "second_factor.added",
// method "totp", "passkey" or "recovery"; detail adds to the method (never a code).
void audit_factor(storage::Connection& connection, std::int64_t now, std::int64_t actor, const std::string& action,
                  std::int64_t target, const std::string& method,
                  const nlohmann::json& detail = nlohmann::json::object());

// Makes ten fresh recovery codes for the user (the old ones stop working) and returns
// them, to be shown once.
nlohmann::json fresh_recovery_codes(storage::Connection& connection, std::int64_t user_id, std::int64_t now);

// {"id","name","created_at","last_used_at"}: never the credential or its key.
nlohmann::json passkey_json(const storage::Passkey& passkey);

}  // namespace kl::app
