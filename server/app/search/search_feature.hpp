#pragma once
// Search: adds the search verb.
#include "server/app/wiring/features.hpp"

namespace kl::app {

void register_search(Features& features);

}  // namespace kl::app
