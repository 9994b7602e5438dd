#include "server/app/realtime/verb_table.hpp"

#include <algorithm>
#include <stdexcept>

namespace kl::app {

void VerbTable::add(const std::string& type, Verb verb) {
    if (!verb) throw std::logic_error("verb '" + type + "' has no handler");
    if (!verbs_.emplace(type, std::move(verb)).second) throw std::logic_error("verb '" + type + "' registered twice");
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
