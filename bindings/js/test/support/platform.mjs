// Starts `lpm platform` on a free loopback port for the tests and points the SDK at it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** The lpm binary: $LPM_BIN, else target/debug/lpm (scripts/test-js.sh builds it). */
export function lpmBin() {
  const bin = process.env.LPM_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(repo, 'target'), 'debug', 'lpm');
  if (!existsSync(bin)) throw new Error(`${bin} missing: run scripts/test-js.sh (or cargo build -p lpm)`);
  return bin;
}

/**
 * Starts a platform; resolves with {csdsUrl, port, stop(), kill()}. Also sets
 * process.env.LPM_CSDS_URL so the SDK (and child processes) use it. `port` 0 picks a free one;
 * `kill()` ends it with SIGKILL (a crash: no graceful close, no flush).
 */
export function startPlatform(extraArgs = [], { port = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(lpmBin(), ['platform', '--port', String(port), ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' } });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`lpm platform did not start in 30 s\n${out}\n${err}`)), 30_000);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /LPM_CSDS_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        process.env.LPM_CSDS_URL = m[1];
        resolve({
          csdsUrl: m[1],
          port: Number(new URL(m[1]).port),
          stop: () =>
            new Promise((r) => {
              if (child.exitCode !== null) return r();
              child.once('exit', () => r());
              child.kill('SIGINT');
            }),
          kill: () =>
            new Promise((r) => {
              if (child.exitCode !== null || child.signalCode !== null) return r();
              child.once('exit', () => r());
              child.kill('SIGKILL');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`lpm platform exited with ${code}\n${err}`));
    });
  });
}
