#!/usr/bin/env bash
# Installs what is missing, builds the server (Release) and starts it on
# https://localhost:8443 with its data under data/. Arguments go to `kennislab serve`,
# e.g. ./run.sh --listen 127.0.0.1:9443. The script hands over to the server (exec),
# so Ctrl-C and SIGTERM reach it and it shuts down gracefully.
set -euo pipefail
cd "$(dirname "$0")"
source .ci/lib.sh

kl_install_packages "${KL_BUILD_PACKAGES[@]}"
kl_build build Release -DKL_BUILD_TESTS=OFF

kl_log "starting Kennislab (Ctrl-C stops it)"
exec ./build/server/kennislab serve "$@"
