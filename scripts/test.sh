#!/usr/bin/env bash
# Installs what the tests need and runs them all: formatting, lints, docs, unit and end-to-end tests
# (Rust and JavaScript, browser included).
# Usage: scripts/test.sh        (from anywhere inside the checkout)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "tools: install what is missing (wasm target, wasm-bindgen CLI, chromium), then check each"
bash scripts/setup.sh
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) export PATH="$CARGO_BIN:$PATH" ;; esac

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo doc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

step "lpm-core and lpm-protocol build for wasm32-unknown-unknown (the JS SDK's target)"
cargo check --quiet -p lpm-core -p lpm-protocol --target wasm32-unknown-unknown

step "cargo test (unit, protocol-level and end-to-end tests)"
cargo test --workspace

step "LivePerson's node-agent-sdk (from npm, unchanged) against lpm platform --tls"
scripts/check-node-agent-sdk.sh

step "JavaScript SDK: size-tuned wasm build, Node.js tests, seed samples, npm pack check, web chat in Chromium"
scripts/test-js.sh --release
