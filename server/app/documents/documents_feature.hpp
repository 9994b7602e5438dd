#pragma once
// Registers the documents feature: its HTTP routes (upload and download).
#include "server/app/wiring/features.hpp"

namespace kl::app {

void register_documents(Features& features);

}  // namespace kl::app
