#include "server/app/search/search_feature.hpp"

#include "server/app/search/search_verbs.hpp"

namespace kl::app {

void register_search(Features& features) {
    auto& search = features.keep<SearchVerbs>(features.services);
    features.verbs.add("search", search, &SearchVerbs::search);
    features.every_second([&search] { search.forget_idle_connections(); });
}

}  // namespace kl::app
