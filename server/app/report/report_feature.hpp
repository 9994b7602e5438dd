#pragma once
// The session report as a download: adds GET /api/sessions/{id}/export and ends running exports at shutdown.
#include "server/app/wiring/features.hpp"

namespace kl::app {

void register_report(Features& features);

}  // namespace kl::app
