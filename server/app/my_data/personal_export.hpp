#pragma once
// One person's own data as a ZIP: data.json (everything, machine-readable) and
// index.html (the same, readable in a browser, self-contained, no script). Made on
// the read pool in one read transaction, never on a socket thread, and bounded: each
// list at most max_rows, the whole at most max_bytes (beyond it: too_large).
#include "storage/users.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace kl::storage {
class Connection;
}

namespace kl::app {

constexpr int max_export_rows = 100'000;
constexpr std::size_t max_export_bytes = 64u << 20;

// data.json's object for user, read from connection (in the caller's read transaction).
nlohmann::json personal_data_json(storage::Connection& connection, const storage::User& user);
// index.html made from that object.
std::string personal_data_html(const nlohmann::json& data);
// The ZIP with both, made in a temporary file in dir. Throws ProtocolError(too_large).
std::string personal_data_zip(storage::Connection& connection, const storage::User& user, const std::string& dir);

}  // namespace kl::app
