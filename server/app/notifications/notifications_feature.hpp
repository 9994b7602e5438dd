#pragma once
#include "server/app/wiring/features.hpp"

namespace kl::app {

// Registers notifications.list, notifications.read and notifications.settings.
void register_notifications(Features& features);

}  // namespace kl::app
