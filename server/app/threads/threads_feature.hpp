#pragma once
// Threads, posts and moderation: adds thread.*, typing, post.* and mod.* to the verb table.
#include "server/app/wiring/features.hpp"

namespace kl::app {

void register_threads(Features& features);

}  // namespace kl::app
