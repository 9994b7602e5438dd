#pragma once
#include "server/app/board/board_cache.hpp"
#include "server/app/wiring/features.hpp"

namespace kl::app {

// The verb user.erase and the eraser that follows it (every second until it has
// looked once after a start; then whenever an erasure begins). boards: session.state's
// board cache, whose boards of the touched sessions are forgotten.
void register_user_erasure(Features& features, BoardCache& boards);

}  // namespace kl::app
