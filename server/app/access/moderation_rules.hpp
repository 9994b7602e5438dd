#pragma once
// The moderation actions on what members add (posts and documents): the states each
// applies to, the state it leads to, and whether it needs a reason. One table, so that
// a document is approved, rejected, hidden and restored by the same rules as a post;
// who may act is SessionAction::moderate for both.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace kl::app {

struct ModerationRule {
    std::string name;  // approve, reject, hide, restore, redact
    bool reason_required = false;
    std::vector<std::string> from_states;
    std::string to_state;

    bool applies_to(const std::string& state) const;
};

// The rule of the action called name; std::logic_error for an unknown name.
const ModerationRule& moderation_rule(std::string_view name);

// The request's "reason" for rule: 1 to 500 characters when the rule requires one,
// else optional ("" when absent); bad_request otherwise.
std::string moderation_reason(const nlohmann::json& params, const ModerationRule& rule);

}  // namespace kl::app
