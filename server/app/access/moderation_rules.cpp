#include "server/app/access/moderation_rules.hpp"

#include "protocol/fields.hpp"

#include <algorithm>
#include <stdexcept>

namespace kl::app {

bool ModerationRule::applies_to(const std::string& state) const {
    return std::find(from_states.begin(), from_states.end(), state) != from_states.end();
}

const ModerationRule& moderation_rule(std::string_view name) {
    static const std::vector<ModerationRule> rules = {
        {"approve", false, {"pending"}, "visible"},
        {"reject", false, {"pending"}, "rejected"},
        {"hide", true, {"visible"}, "hidden"},
        {"restore", true, {"hidden"}, "visible"},
        {"redact", true, {"visible", "pending", "rejected", "hidden", "deleted"}, "redacted"},
    };
    for (const auto& rule : rules)
        if (rule.name == name) return rule;
    throw std::logic_error("no moderation rule '" + std::string(name) + "'");
}

std::string moderation_reason(const nlohmann::json& params, const ModerationRule& rule) {
    if (rule.reason_required) return protocol::required_string(params, "reason", 1, 500, protocol::Text::multi_line);
    return protocol::optional_string(params, "reason", 0, 500, protocol::Text::multi_line).value_or("");
}

}  // namespace kl::app
