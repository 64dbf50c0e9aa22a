#!/usr/bin/env bash
# Runs LivePerson's public node-agent-sdk (from npm, unchanged) against `lpm platform --tls`:
# an agent logs in, subscribes, joins the conversation a consumer opened, exchanges messages with it
# and closes it. See docs/node-agent-sdk.md.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet -p lpm
dir=examples/node-agent-sdk
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cert=$(mktemp -d)/lpm-platform.pem
log=$(mktemp)
target/debug/lpm platform --port "$port" --tls --cert-file "$cert" >"$log" 2>&1 &
platform=$!
trap 'kill $platform 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$cert" ] && grep -q listening "$log" && break; sleep 0.1; done

NODE_EXTRA_CA_CERTS="$cert" LPM_CSDS_HOST="127.0.0.1:$port" node "$dir/agent-and-consumer.js"
