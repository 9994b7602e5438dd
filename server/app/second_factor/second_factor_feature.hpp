#pragma once
#include "server/app/wiring/features.hpp"

namespace kl::app {

// Opens (or makes) the secret box's key in the data folder, registers the mfa.* verbs,
// user.reset_second_factor and POST /api/login/second-factor, loads the gate's view and
// reconciles it with storage every few seconds.
void register_second_factor(Features& features);

}  // namespace kl::app
