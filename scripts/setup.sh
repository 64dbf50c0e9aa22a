#!/usr/bin/env bash
# Installs every tool the tests need, then checks each one and fails loudly, with the fix, when one
# is missing or at the wrong version. Idempotent: when everything is there it only checks (~1 s).
#
# Usage: scripts/setup.sh            install what is missing, then check
#        scripts/setup.sh --check    check only (install nothing)
#
# Everything comes from the package registries: rustup components and the wasm target, the
# wasm-bindgen CLI from crates.io (built by `cargo install`), Debian's chromium, npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

check_only=false
[ "${1:-}" = "--check" ] && check_only=true
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
# ~/.cargo/bin may be missing from PATH in a non-login shell; cargo installs there.
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) export PATH="$CARGO_BIN:$PATH" ;; esac

# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate the lock file pins:
# the two share an ABI.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
NODE_MAJOR_MIN=18
# Debian packages the tests use: chromium (web chat test), etcd-server (lpm fleet tests), protoc
# (built into the etcd-client crate's gRPC types).
DEB_PACKAGES=(chromium etcd-server protobuf-compiler)
deb_binary() {
  case "$1" in
    chromium) echo /usr/bin/chromium ;;
    etcd-server) echo /usr/bin/etcd ;;
    protobuf-compiler) echo /usr/bin/protoc ;;
  esac
}

install_missing() {
  rustup component add rustfmt clippy >/dev/null 2>&1 || true
  rustup target add wasm32-unknown-unknown >/dev/null

  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
    echo "installing wasm-bindgen-cli $WB_VERSION from crates.io (a few minutes, once)"
    # No --locked: the CLI's own lock file pins crates (e.g. webpki-roots 1.0.11) that the registry
    # reachable from our machines may not serve; the newest compatible versions resolve and work.
    cargo install --quiet wasm-bindgen-cli --version "=$WB_VERSION"
  fi

  local missing=() p
  for p in "${DEB_PACKAGES[@]}"; do [ -x "$(deb_binary "$p")" ] || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

problems=()
problem() { problems+=("$1"$'\n'"      fix: $2"); }

check() {
  command -v cargo >/dev/null || problem "cargo not found" "install Rust with rustup (https://rustup.rs), then open a new shell"
  command -v rustup >/dev/null || problem "rustup not found" "install Rust with rustup; the tests add components and the wasm32 target through it"
  if command -v rustup >/dev/null; then
    rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown ||
      problem "Rust target wasm32-unknown-unknown missing" "rustup target add wasm32-unknown-unknown"
    for c in rustfmt clippy; do
      rustup component list --installed 2>/dev/null | grep -q "^$c" ||
        problem "rustup component $c missing" "rustup component add $c"
    done
  fi
  local have
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ -z "$have" ]; then
    problem "wasm-bindgen CLI not found on PATH" "cargo install wasm-bindgen-cli --version =$WB_VERSION  (without --locked)"
  elif [ "$have" != "$WB_VERSION" ]; then
    problem "wasm-bindgen CLI is $have, Cargo.lock pins the crate at $WB_VERSION" "cargo install --force wasm-bindgen-cli --version =$WB_VERSION  (without --locked)"
  fi
  if ! command -v node >/dev/null; then
    problem "node not found" "install Node.js >= $NODE_MAJOR_MIN (Debian: apt-get install nodejs npm)"
  else
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge "$NODE_MAJOR_MIN" ] || problem "node $(node --version) is too old" "install Node.js >= $NODE_MAJOR_MIN"
  fi
  command -v npm >/dev/null || problem "npm not found" "install npm (Debian: apt-get install npm)"
  command -v python3 >/dev/null || problem "python3 not found (the scripts pick free ports with it)" "apt-get install python3"
  local p
  for p in "${DEB_PACKAGES[@]}"; do
    [ -x "$(deb_binary "$p")" ] || problem "$(deb_binary "$p") missing" "apt-get update && apt-get install -y $p"
  done
}

$check_only || install_missing
check
if [ ${#problems[@]} -gt 0 ]; then
  echo "setup: ${#problems[@]} required tool(s) missing or at the wrong version:" >&2
  for p in "${problems[@]}"; do echo "  - $p" >&2; done
  exit 1
fi
echo "setup: all tools present (wasm-bindgen $WB_VERSION, node $(node --version), $(cargo --version | cut -d' ' -f1-2), chromium)"
