#pragma once
// Sessions and membership: adds session.* and member.* to the verb table.
#include "server/app/board/board_cache.hpp"
#include "server/app/wiring/features.hpp"

namespace kl::app {

// Returns session.state's board cache, for the parts that change what boards show
// without an event of their own (user_erasure/).
BoardCache& register_sessions(Features& features);

}  // namespace kl::app
