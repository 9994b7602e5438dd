#!/usr/bin/env bash
# Installs what is missing, builds with AddressSanitizer and UndefinedBehaviorSanitizer,
# and runs every test through ctest: unit, integration (real server over TLS) and the
# browser end-to-end tests (Debian's Chromium driven by playwright-core).
# Ends with ctest's summary line; the exit code is non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")"
source .ci/lib.sh

kl_install_packages "${KL_BUILD_PACKAGES[@]}" "${KL_TEST_PACKAGES[@]}"
kl_install_node
if [ ! -d tests/e2e/node_modules/playwright-core ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  kl_log "installing the browser test driver (npm ci)"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

kl_build build-test RelWithDebInfo -DKL_SANITIZE=ON -DKL_BUILD_TESTS=ON

kl_log "running the tests"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Leaks inside Debian's libraries (tests/lsan-suppressions.txt says which and why).
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan-suppressions.txt:print_suppressions=0"
ctest --test-dir build-test --output-on-failure -j "$(nproc)"
