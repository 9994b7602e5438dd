# Shared by ./run.sh, ./test.sh, ./bench.sh and ./fuzz.sh: install missing Debian packages and build.
# Sourced, not run. Everything comes from Debian (and npm for the browser tests);
# the CMake build downloads nothing.

# Packages needed to build and run the server.
KL_BUILD_PACKAGES=(
  cmake ninja-build g++ pkg-config
  libboost1.81-dev libboost-program-options1.81-dev
  libssl-dev libsqlite3-dev nlohmann-json3-dev libargon2-dev libspdlog-dev
  liboath-dev libqrencode-dev libcbor-dev libcurl4-openssl-dev libmagic-dev libpoppler-cpp-dev libminizip-dev
  zlib1g-dev libbrotli-dev libnghttp2-dev
  age
)
# Extra packages for the tests.
KL_TEST_PACKAGES=(googletest libgtest-dev chromium oathtool python3-aiosmtpd)
# Extra packages for ./fuzz.sh only: libFuzzer exists only in clang, and its runtime
# (with the sanitizers') is libclang-rt, which clang merely recommends.
KL_FUZZ_PACKAGES=(clang libclang-rt-14-dev)

kl_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

kl_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the given Debian packages that are not installed yet.
kl_install_packages() {
  local missing=()
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    kl_log "installing Debian packages: ${missing[*]}"
    kl_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    kl_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# Node.js and npm for the browser tests (the machine usually has them already).
kl_install_node() {
  command -v node >/dev/null 2>&1 || kl_install_packages nodejs
  command -v npm >/dev/null 2>&1 || kl_install_packages npm
}

# kl_build DIR BUILD_TYPE [extra cmake args…]: configures once, then builds incrementally.
kl_build() {
  local dir="$1" type="$2"
  shift 2
  if [ ! -f "$dir/build.ninja" ]; then
    kl_log "configuring $dir ($type)"
    cmake -G Ninja -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
  fi
  kl_log "building $dir"
  cmake --build "$dir" -j "$(nproc)"
}
