#pragma once
// Session notes: adds notes.block.* and notes.publish to the verb table.
#include "server/app/wiring/features.hpp"

namespace kl::app {

void register_notes(Features& features);

}  // namespace kl::app
