#include "server/app/notes/action_owners.hpp"

#include "storage/sessions.hpp"
#include "storage/users.hpp"

#include <algorithm>
#include <cctype>

namespace kl::app {

namespace {

// Trimmed, ASCII letters in lower case: "  Anna de Vries " names "anna de vries".
std::string name_key(const std::string& name) {
    auto begin = name.find_first_not_of(" \t");
    if (begin == std::string::npos) return "";
    auto end = name.find_last_not_of(" \t");
    std::string key = name.substr(begin, end - begin + 1);
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return key;
}

}  // namespace

ActionOwners::ActionOwners(storage::Connection& connection, std::int64_t session_id) {
    for (const auto& member : storage::list_members(connection, session_id)) {
        auto user = storage::find_user(connection, member.user_id);
        if (!user) continue;
        auto key = name_key(user->display_name);
        if (key.empty()) continue;
        auto [at, added] = by_name_.emplace(key, member.user_id);
        if (!added) at->second = std::nullopt;
    }
}

std::optional<std::int64_t> ActionOwners::member_of(const storage::NoteBlock& block) const {
    if (block.kind != "action" || !block.owner) return std::nullopt;
    auto found = by_name_.find(name_key(*block.owner));
    return found == by_name_.end() ? std::nullopt : found->second;
}

}  // namespace kl::app
