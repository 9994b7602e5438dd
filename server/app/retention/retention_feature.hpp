#pragma once
#include "server/app/wiring/features.hpp"

namespace kl::app {

// The eraser (every second; it decides, the writer erases) and the verbs session.hold
// and retention.list.
void register_retention(Features& features);

}  // namespace kl::app
