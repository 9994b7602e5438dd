#pragma once
// Sessions and membership: adds session.* and member.* to the verb table.
#include "server/app/wiring/features.hpp"

namespace kl::app {

void register_sessions(Features& features);

}  // namespace kl::app
