#pragma once
// The knowledge board: adds board.card.* and board.column.* to the verb table.
#include "server/app/wiring/features.hpp"

namespace kl::app {

void register_board(Features& features);

}  // namespace kl::app
