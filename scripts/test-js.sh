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

step "tools: install what is missing (wasm target, wasm-bindgen CLI, chromium), then check each"
bash scripts/setup.sh
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) export PATH="$CARGO_BIN:$PATH" ;; esac

step "npm dependencies"
(cd bindings/js && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; })

step "lpm (the local platform the tests start)"
cargo build --quiet -p lpm

step "build the package"
(cd bindings/js && node scripts/build.mjs "$@")

# Issue 10's budget for what a chat page downloads (consumer build, wasm + JS, gzipped): 150 KiB.
# Reported, not yet enforced: the consumer build is still over it (add --enforce once within).
if [[ " $* " == *" --release "* ]]; then
  step "size budget of the browser consumer build"
  (cd bindings/js && node scripts/size.mjs --budget 150)
fi

step "typecheck (tsc --noEmit, strict)"
(cd bindings/js && npx --no-install tsc --noEmit)

step "lpm-wasm: fmt, clippy"
cargo fmt -p lpm-wasm -- --check
cargo clippy --quiet -p lpm-wasm --all-targets -- -D warnings

step "examples dependencies (the package, linked)"
(cd examples/js && npm install --no-audit --no-fund --silent)
(cd examples/web-chat && npm install --no-audit --no-fund --silent)

step "node --test: every test/*.test.mjs but the browser one (against lpm platform)"
(cd bindings/js && node --test --test-concurrency=1 --test-reporter=spec $(ls test/*.test.mjs | grep -v web-chat))

step "npm pack → empty directory: require, import and the seed samples"
bash bindings/js/scripts/check-pack.sh

step "node --test: the web chat in headless Chromium (Playwright)"
(cd bindings/js && node --test --test-reporter=spec test/web-chat.test.mjs)
