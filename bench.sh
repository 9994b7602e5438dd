#!/usr/bin/env bash
# Installs what is missing, builds a Release build in build-bench/ with the benchmark
# tool, and measures Kennislab against the targets in tests/bench/README.md, side by side with a
# plain Node ws broadcast server under the same load. Prints a table per scenario; the
# results also go to build-bench/bench-results.json. Not part of ./test.sh.
#
#   ./bench.sh            the full run (about half an hour)
#   ./bench.sh --quick    every scenario briefly (a few minutes)
#   ./bench.sh --scenarios fanout --rates 50000,100000 --subscribers 1000
# Every other argument goes to kl-bench; `./bench.sh --help` lists them.
# See tests/bench/README.md for what each scenario measures.
set -euo pipefail
cd "$(dirname "$0")"
source .ci/lib.sh

kl_install_packages "${KL_BUILD_PACKAGES[@]}" util-linux
kl_install_node
peer=tests/bench/peers/ws-broadcast
if [ ! -d "$peer/node_modules/ws" ] || [ "$peer/package-lock.json" -nt "$peer/node_modules/.package-lock.json" ]; then
  kl_log "installing the Node ws peer (npm ci)"
  (cd "$peer" && npm ci --no-audit --no-fund --loglevel=error)
fi

# The load scenario drives Debian's chromium with the browser tests' playwright-core.
kl_install_packages chromium
if [ ! -d tests/e2e/node_modules/playwright-core ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  kl_log "installing the browser driver for the load scenario (npm ci)"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

kl_build build-bench Release -DKL_BUILD_TESTS=OFF -DKL_BUILD_BENCH=ON

# The servers under test on the first core, the bench client on the second, so that
# neither steals the other's CPU and the server's CPU time is its own.
server_cpus=0
client=()
if [ "$(nproc)" -ge 2 ]; then
  client=(taskset -c 1)
else
  kl_log "only one CPU: the server and the client share it (figures are not comparable)"
  server_cpus=""
fi

# The idle and storm scenarios hold tens of thousands of connections, one descriptor
# each in the client and in the server. kl-bench raises its soft open-file limit to the
# hard one (the servers inherit it); only root can raise the hard limit.
if [ "$(id -u)" -eq 0 ] && [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt 131072 ]; then
  ulimit -Hn 131072 2>/dev/null || kl_log "could not raise the hard open-file limit; the idle scenario may be capped"
fi

kl_log "running the benchmark"
exec "${client[@]}" build-bench/tests/bench/kl-bench \
  --kennislab build-bench/server/kennislab \
  --peer "$peer/server.js" \
  --load-script tests/bench/load/page-load.mjs \
  --server-cpus "$server_cpus" \
  --work-dir build-bench/bench-work \
  --json build-bench/bench-results.json \
  "$@"
