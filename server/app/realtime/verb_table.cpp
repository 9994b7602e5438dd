#include "server/app/realtime/verb_table.hpp"

#include <algorithm>
#include <stdexcept>

namespace kl::app {

void VerbTable::add(const std::string& type, Verb verb) {
    if (!verb) throw std::logic_error("verb '" + type + "' has no handler");
    if (!verbs_.emplace(type, std::move(verb)).second) throw std::logic_error("verb '" + type + "' registered twice");
}

void VerbTable::widen(const std::string& type, const std::string& param, Verb verb) {
    auto found = verbs_.find(type);
    if (found == verbs_.end()) throw std::logic_error("verb '" + type + "' widened before it was added");
    if (!verb) throw std::logic_error("verb '" + type + "' widened without a handler");
    found->second = [earlier = std::move(found->second), param, verb = std::move(verb)](
                        const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
        bool widened = request.params.is_object() && request.params.contains(param);
        (widened ? verb : earlier)(client, request, std::move(finish));
    };
}

const Verb* VerbTable::find(const std::string& type) const {
    auto found = verbs_.find(type);
    return found == verbs_.end() ? nullptr : &found->second;
}

std::vector<std::string> VerbTable::types() const {
    std::vector<std::string> names;
    names.reserve(verbs_.size());
    for (const auto& [name, verb] : verbs_) names.push_back(name);
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace kl::app
