#pragma once
// The audit log read back: adds audit.list.
#include "server/app/wiring/features.hpp"

namespace kl::app {

void register_audit(Features& features);

}  // namespace kl::app
