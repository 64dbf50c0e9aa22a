#!/usr/bin/env bash
# Installs what the JavaScript SDK's tests need, builds the npm package and runs its tests:
# unit and end-to-end tests (node --test against `lpm platform`), every seed sample under
# examples/js, the packed tarball installed into an empty directory (require and import),
# and the web-chat page in headless Chromium.
# Idempotent; fast when everything is installed.
# Usage: scripts/test-js.sh [--release]   (--release: size-tuned wasm, prints the gzipped size)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
step() { printf '\n==> %s\n' "$*"; }
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

step "Rust wasm target"
rustup target add wasm32-unknown-unknown >/dev/null

step "wasm-bindgen-cli (same version as the wasm-bindgen crate in Cargo.lock)"
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  cargo install --locked wasm-bindgen-cli --version "$WB_VERSION"
fi

step "Debian packages: chromium (browser test)"
# (wasm-opt comes from the npm package binaryen: Debian's wasm-opt 108 breaks the wasm's externref table)
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

step "npm dependencies"
(cd bindings/js && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; })

step "lpm (the local platform the tests start)"
cargo build --quiet -p lpm

step "build the package"
(cd bindings/js && node scripts/build.mjs "$@")

step "typecheck (tsc --noEmit, strict)"
(cd bindings/js && npx --no-install tsc --noEmit)

step "lpm-wasm: fmt, clippy"
cargo fmt -p lpm-wasm -- --check
cargo clippy --quiet -p lpm-wasm --all-targets -- -D warnings

step "examples dependencies (the package, linked)"
(cd examples/js && npm install --no-audit --no-fund --silent)
(cd examples/web-chat && npm install --no-audit --no-fund --silent)

step "node --test: module API, proxy, scenarios and errors, REST, helpers, seed samples (against lpm platform)"
(cd bindings/js && node --test --test-concurrency=1 --test-reporter=spec test/api.test.mjs test/proxy.test.mjs test/scenarios.test.mjs test/rest.test.mjs test/helpers.test.mjs test/seed-samples.test.mjs)

step "npm pack → empty directory: require, import and the seed samples"
bash bindings/js/scripts/check-pack.sh

step "node --test: the web chat in headless Chromium (Playwright)"
(cd bindings/js && node --test --test-reporter=spec test/web-chat.test.mjs)
