#!/usr/bin/env bash
# Acceptance check of the npm package: `npm pack`, install the tarball into an empty directory,
# check `require` and `import`, then run every seed sample from examples/js against a fresh
# `lpm platform` with LPM_CSDS_URL set, resolving lp-messaging-sdk from that installation.
# Usage: bindings/js/scripts/check-pack.sh   (after the package is built)
set -euo pipefail
cd "$(dirname "$0")/.."
PKG=$PWD
ROOT=$(cd ../.. && pwd)
LPM=${LPM_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/lpm}
WORK=$(mktemp -d)
PLATFORM_PID=""
cleanup() { [ -n "$PLATFORM_PID" ] && kill "$PLATFORM_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

TARBALL=$(npm pack --silent --pack-destination "$WORK" | tail -1)
echo "packed $TARBALL ($(du -h "$WORK/$TARBALL" | cut -f1))"
mkdir "$WORK/app"
cd "$WORK/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$WORK/$TARBALL"

node -e "
const lpm = require('lp-messaging-sdk');
const c = lpm.createConnection({ appId: 'pack', accountId: '1', userType: lpm.UserType.CONSUMER });
if (c.state !== 'initial') throw new Error('require: bad state ' + c.state);
console.log('require: ok');
"
cat > esm.mjs <<'JS'
import lpm, { createConnection, UserType } from 'lp-messaging-sdk';
const c = createConnection({ appId: 'pack', accountId: '1', userType: UserType.CONSUMER });
if (c.state !== 'initial' || typeof lpm.createConnection !== 'function') throw new Error('import failed');
console.log('import: ok');
JS
node esm.mjs
cp "$PKG/test/types/consumer.ts" consumer.ts
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "strict": true, "module": "node16", "moduleResolution": "node16", "target": "es2022", "noEmit": true, "types": [] }, "files": ["consumer.ts"] }
JSON
node "$PKG/node_modules/typescript/bin/tsc" -p . && echo "types (strict TypeScript user, no @types): ok"

# the seed samples, run from a copy of examples/js that resolves the installed package
cp -r "$ROOT/examples/js" "$WORK/samples"
rm -rf "$WORK/samples/node_modules"
ln -s "$WORK/app/node_modules" "$WORK/samples/node_modules"
PLATFORMS=0
start_platform() {
  PLATFORMS=$((PLATFORMS + 1))
  local log="$WORK/platform-$PLATFORMS.log"
  "$LPM" platform --port 0 >"$log" 2>&1 &
  PLATFORM_PID=$!
  # the banner ends with "Press Ctrl-C to stop." once the address line is complete
  for _ in $(seq 1 300); do grep -aq "Press Ctrl-C" "$log" && break; sleep 0.1; done
  LPM_CSDS_URL=$(grep -ao 'LPM_CSDS_URL=[^ ]*' "$log" | head -1 | cut -d= -f2 || true)
  [ -n "$LPM_CSDS_URL" ] || { echo "lpm platform did not start:"; cat -v "$log"; exit 1; }
  export LPM_CSDS_URL
}
failed=0
for f in "$WORK"/samples/[0-9]*.js; do
  name=$(basename "$f")
  [ "$name" = "02-agent-bot-quick-start.js" ] && continue # runs until stopped; see below
  start_platform
  rc=0
  (cd "$WORK/samples" && timeout 90 node "$name" >"$WORK/out.log" 2>&1) || rc=$?
  if [ $rc = 0 ]; then
    echo "sample $name: ok"
  else
    echo "sample $name: FAILED (exit $rc)"; sed 's/^/    /' "$WORK/out.log"; failed=1
  fi
  kill "$PLATFORM_PID" 2>/dev/null || true; wait "$PLATFORM_PID" 2>/dev/null || true; PLATFORM_PID=""
done

# the agent bot quick start: starts, connects, and keeps running until stopped
start_platform
# `exec`: $! must be node's pid, not a subshell's (killing the subshell left the bot running,
# retrying the stopped platform for ever)
(cd "$WORK/samples" && exec node 02-agent-bot-quick-start.js >"$WORK/bot.log" 2>&1) &
BOT=$!
for _ in $(seq 1 150); do grep -q "bot ready" "$WORK/bot.log" && break; sleep 0.1; done
if grep -q "bot ready" "$WORK/bot.log"; then echo "sample 02-agent-bot-quick-start.js: ok (connected)"; else echo "sample 02-agent-bot-quick-start.js: FAILED"; cat "$WORK/bot.log"; failed=1; fi
kill "$BOT" 2>/dev/null || true
for _ in $(seq 1 50); do kill -0 "$BOT" 2>/dev/null || break; sleep 0.1; done
kill -9 "$BOT" 2>/dev/null || true
exit $failed
