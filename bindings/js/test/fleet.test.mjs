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

  async function stopNodes() {
    const running = [...nodes.values()].filter((c) => c.exitCode === null && c.signalCode === null);
    for (const c of running) c.kill('SIGTERM');
    await Promise.all(running.map((c) => new Promise((r) => c.once('exit', r))));
  }

  function startFleetNode(name, botsFile, bot = 'fleet-bot.js', fleet = FLEET) {
    const env = { ...process.env, LPM_CSDS_URL: platform.csdsUrl, RUST_LOG: 'warn,lpm_fleet=info' };
    for (let i = 1; i <= BOTS; i++) env[`JSBOT${String(i).padStart(2, '0')}_PASSWORD`] = `pw-${i}`;
    const child = spawn(lpmBin(), ['fleet', fleet, '--etcd', etcd.url, '--node-id', name, '--bots', botsFile, '--stop-grace-ms', '1000', '--', process.execPath, join(examples, bot)], { cwd: examples, env, stdio: ['ignore', 'pipe', 'pipe'] });
    logs.set(name, '');
    child.stdout.on('data', (d) => logs.set(name, logs.get(name) + d));
    child.stderr.on('data', (d) => logs.set(name, logs.get(name) + d));
    nodes.set(name, child);
  }

  function status(fleet = FLEET) {
    const r = spawnSync(lpmBin(), ['fleet', 'status', fleet, '--etcd', etcd.url, '--json'], { encoding: 'utf8', timeout: 10_000 });
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
      await stopNodes();
    }
  });

  it('answers every consumer message once, also those sent while a bot moved (ring bots)', async () => {
    const botsFile = join(dir, 'ring-bots.json');
    const RING_BOTS = 6;
    writeFileSync(botsFile, JSON.stringify(Array.from({ length: RING_BOTS }, (_, k) => {
      const n = String(k + 1).padStart(2, '0');
      return { id: `ringbot${n}`, account: '12345678', user: `js-ring-bot${n}`, password_env: `JSBOT${n}_PASSWORD` };
    })));
    const diag = () => [...logs].map(([n, l]) => `--- ${n}\n${l.slice(-3000)}`).join('\n');
    for (const name of ['ring1', 'ring2', 'ring3']) startFleetNode(name, botsFile, 'fleet-ring-bot.js', 'js-ring-fleet');
    await poll(() => {
      const s = status('js-ring-fleet');
      return s !== null && s.bots.length === RING_BOTS && s.nodes.length === 3 && s.nodes.every((n) => n.bots.length === 2)
        && s.nodes.every((n) => n.bots.every((b) => logs.get(n.id).includes(`ring bot ${b} ready`)));
    }, { timeout: 90_000, what: `6 ring bots ready, 2 per node\n${diag()}` });

    const lpm = (await import('lp-messaging-sdk')).default;
    const consumers = [];
    const answers = (c, text) => (c.conversation.openDialog?.messages ?? [])
      .filter((m) => m.participant?.role !== lpm.ParticipantRole.CONSUMER && m.body === `re: ${text}`).length;
    const allAnswered = (k) => consumers.every((c, i) => answers(c, `c${i}-m${k}`) >= 1);
    try {
      for (let i = 0; i < 6; i++) {
        const connection = lpm.createConnection({ appId: 'fleet_test', accountId: '12345678', userType: lpm.UserType.CONSUMER });
        await connection.open();
        const conversation = await connection.createConversation();
        await conversation.sendMessage(`c${i}-m1`);
        consumers.push({ connection, conversation });
      }
      await poll(() => allAnswered(1), { timeout: 30_000, what: `first messages answered\n${diag()}` });

      // kill -9 the node of the first conversation's bot, and write everywhere meanwhile
      const view = await (await fetch(`${platform.csdsUrl}/_lpm/ums/conversations/${consumers[0].conversation.conversationId}`)).json();
      const agent = JSON.stringify(view.result).match(/"id":"([^"]+)","role":"ASSIGNED_AGENT"/)?.[1]
        ?? (view.result.conversationDetails?.participants ?? []).find((p) => p.role === 'ASSIGNED_AGENT')?.id;
      assert.ok(agent, `no assigned agent in ${JSON.stringify(view.result)}`);
      const bot = [...logs.values()].join('\n').match(new RegExp(`ring bot (\\S+) ready as ${agent.replace('.', '\\.')}\\b`))?.[1];
      const victim = status('js-ring-fleet')?.bots.find((b) => b.id === bot)?.owner;
      assert.ok(victim, `no node runs agent ${agent} (bot ${bot})\n${diag()}`);
      const killed = Date.now();
      nodes.get(victim).kill('SIGKILL');
      for (const [i, c] of consumers.entries()) await c.conversation.sendMessage(`c${i}-m2`);
      await poll(() => allAnswered(2), { timeout: 30_000, what: `messages sent during the move answered\n${diag()}` });
      console.log(`JS ring bots: ${victim} killed; messages sent meanwhile answered ${Date.now() - killed} ms after the kill`);
      for (const [i, c] of consumers.entries()) await c.conversation.sendMessage(`c${i}-m3`);
      await poll(() => allAnswered(3), { timeout: 30_000, what: 'later messages answered' });
      await new Promise((r) => setTimeout(r, 1000)); // late duplicates would arrive within this
      for (const [i, c] of consumers.entries()) {
        for (const k of [1, 2, 3]) assert.equal(answers(c, `c${i}-m${k}`), 1, `answers to c${i}-m${k}`);
      }
    } finally {
      for (const c of consumers) await c.connection.close().catch(() => {});
      await stopNodes();
    }
  });
});
