// `lpm fleet` with JavaScript bots (examples/js/fleet-bot.js, the seed's quick-start shape reading
// its identity with lpm.fromEnvironment()): a real etcd, `lpm platform`, three fleet nodes, 12
// bots; all run once, a `kill -9`'d node's bots run elsewhere within the bound, and no bot user
// ever has two open sockets on the platform (polled on /_lpm/ums/sockets throughout).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lpmBin, startPlatform } from './support/platform.mjs';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'js');
const BOTS = 12;
const FLEET = 'js-fleet';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls async `check()` every 100 ms until it returns a truthy value. */
async function poll(check, { timeout, what }) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function startEtcd(dir) {
  const bin = process.env.LPM_ETCD_BIN ?? 'etcd';
  const [client, peer] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const child = spawn(bin, [
    '--name', 'js-test', '--data-dir', join(dir, 'etcd'),
    '--listen-client-urls', url, '--advertise-client-urls', url,
    '--listen-peer-urls', peerUrl, '--initial-advertise-peer-urls', peerUrl,
    '--initial-cluster', `js-test=${peerUrl}`,
  ], { stdio: 'ignore' });
  const failed = new Promise((_, reject) =>
    child.once('error', (e) =>
      reject(new Error(`cannot run ${bin} (${e.message}): the fleet test needs an etcd server; apt-get install etcd-server (scripts/setup.sh does) or set LPM_ETCD_BIN`)),
    ),
  );
  const healthy = poll(async () => {
    try {
      return (await (await fetch(`${url}/health`)).text()).includes('true');
    } catch {
      return false;
    }
  }, { timeout: 20_000, what: 'etcd healthy' });
  await Promise.race([healthy, failed]);
  return { url, stop: () => child.kill('SIGKILL') };
}

describe('lpm fleet with JavaScript bots', () => {
  let dir, etcd, platform;
  const nodes = new Map();
  const logs = new Map();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lpm-js-fleet-'));
    etcd = await startEtcd(dir);
    platform = await startPlatform();
  });

  after(async () => {
    for (const child of nodes.values()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.all([...nodes.values()].map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r)))));
    etcd?.stop();
    await platform?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function startFleetNode(name, botsFile) {
    const env = { ...process.env, LPM_CSDS_URL: platform.csdsUrl, RUST_LOG: 'warn,lpm_fleet=info' };
    for (let i = 1; i <= BOTS; i++) env[`JSBOT${String(i).padStart(2, '0')}_PASSWORD`] = `pw-${i}`;
    const child = spawn(lpmBin(), ['fleet', FLEET, '--etcd', etcd.url, '--node-id', name, '--bots', botsFile, '--stop-grace-ms', '1000', '--', process.execPath, join(examples, 'fleet-bot.js')], { cwd: examples, env, stdio: ['ignore', 'pipe', 'pipe'] });
    logs.set(name, '');
    child.stdout.on('data', (d) => logs.set(name, logs.get(name) + d));
    child.stderr.on('data', (d) => logs.set(name, logs.get(name) + d));
    nodes.set(name, child);
  }

  function status() {
    const r = spawnSync(lpmBin(), ['fleet', 'status', FLEET, '--etcd', etcd.url, '--json'], { encoding: 'utf8', timeout: 10_000 });
    return r.status === 0 ? JSON.parse(r.stdout) : null;
  }

  const allClaimedBy = (s, names) =>
    s !== null && s.bots.length === BOTS && JSON.stringify(s.nodes.map((n) => n.id).sort()) === JSON.stringify([...names].sort()) && s.bots.every((b) => names.includes(b.owner));

  it('runs 12 bots once on three nodes and moves a killed node\'s bots within the bound', async () => {
    const botsFile = join(dir, 'bots.json');
    writeFileSync(botsFile, JSON.stringify(Array.from({ length: BOTS }, (_, k) => {
      const n = String(k + 1).padStart(2, '0');
      return { id: `jsbot${n}`, account: '12345678', user: `js-fleet-bot${n}`, password_env: `JSBOT${n}_PASSWORD` };
    })));
    // every 100 ms: the brand users with an open socket, and any with two
    let live = new Set();
    const doubles = new Set();
    let polling = true;
    const watcher = (async () => {
      while (polling) {
        try {
          const sockets = await (await fetch(`${platform.csdsUrl}/_lpm/ums/sockets`)).json();
          const users = sockets.filter((s) => s.side === 'brand' && s.identity).map((s) => String(s.identity.userId));
          for (const u of users.filter((u, i) => users.indexOf(u) !== i)) doubles.add(u);
          live = new Set(users);
        } catch {
          // the platform is shutting down
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      for (const name of ['node1', 'node2', 'node3']) startFleetNode(name, botsFile);
      const diag = () => [...logs].map(([n, l]) => `--- ${n}\n${l.slice(-3000)}`).join('\n');
      await poll(() => {
        const s = status();
        return allClaimedBy(s, ['node1', 'node2', 'node3']) && s.nodes.every((n) => n.bots.length === 4) && live.size === BOTS;
      }, { timeout: 90_000, what: `12 JS bots live, 4 per node\n${diag()}` });

      const killed = Date.now();
      nodes.get('node2').kill('SIGKILL');
      await poll(() => live.size === BOTS - 4, { timeout: 3_000, what: "node2's bots gone with it" });
      await poll(() => allClaimedBy(status(), ['node1', 'node3']), { timeout: 15_000, what: "node2's bots claimed elsewhere" });
      const claimed = Date.now() - killed;
      await poll(() => live.size === BOTS, { timeout: 20_000, what: `12 bots live again\n${diag()}` });
      const relive = Date.now() - killed;
      console.log(`JS fleet: kill -9 -> claimed elsewhere in ${claimed} ms, all 12 live again in ${relive} ms`);
      assert.ok(claimed <= 5_000, `failover took ${claimed} ms (bound 5 s with the default 3 s lease)`);
      assert.deepEqual([...doubles], [], 'a bot user had two open sockets at once');
    } finally {
      polling = false;
      await watcher;
    }
  });
});
