#!/usr/bin/env node
// The JS SDK against a raw Node client (`ws` + JSON.parse, nothing else) on the same work, in
// one run, against `lpm platform` (issue 9's five rows; see docs/benchmarks.md):
//   (a) brand bot open → every open conversation emitted, CPU ms of the bot process;
//   (b) the same with getAllMessages (the raw bot asks QueryMessages per conversation);
//   (c) memory per conversation with its messages (heap + external after gc);
//   (d) fan-out: consumers × messages into one bot that is a participant of all of them;
//   (e) round trip consumer → bot → consumer, p50/p99.
// This process runs the platform, seeds it through real consumer sockets and plays the
// consumers; each bot runs in its own child process (`run.mjs --bot …`) so its CPU time and
// memory are its own.
//
// Usage: node scripts/build.mjs --release && node bench/run.mjs
// Sizes: LPM_BENCH_N (10000), LPM_BENCH_FANOUT (1000), LPM_BENCH_FANOUT_MSGS (20),
// LPM_BENCH_RTT (500), LPM_BENCH_RUNS (3, interleaved); LPM_BIN = the lpm binary
// (default target/release/lpm); LPM_BENCH_NODE_ARGS = extra Node.js flags for the bot
// processes (`--cpu-prof --cpu-prof-dir=DIR` profiles each bot).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const num = (name, d) => Number(process.env[name] ?? d);

// ----- raw websocket helpers ---------------------------------------------------------------

/** A socket whose frames are parsed and handed to `onFrame`; `request` resolves responses. */
function rawSocket(url, onFrame = () => {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const waiting = new Map();
    let next = 0;
    const s = {
      ws,
      send(type, body, id = `r${++next}`) {
        ws.send(JSON.stringify({ kind: 'req', id, type, body }));
        return id;
      },
      request(type, body, headers) {
        const id = `r${++next}`;
        const frame = { kind: 'req', id, type, body };
        if (headers) frame.headers = headers;
        ws.send(JSON.stringify(frame));
        return new Promise((r) => waiting.set(id, r));
      },
      close: () => ws.close(),
    };
    ws.on('message', (data) => {
      const f = JSON.parse(data);
      const w = f.kind === 'resp' && waiting.get(f.reqId);
      if (w) {
        waiting.delete(f.reqId);
        w(f);
      } else onFrame(f);
    });
    ws.once('open', () => resolve(s));
    ws.once('error', reject);
  });
}

const textEvent = (message) => ({ type: 'ContentEvent', contentType: 'text/plain', message });

// ----- the bots (child processes) ------------------------------------------------------------

async function login(csds, account, user) {
  const r = await fetch(`${csds}/api/account/${account}/login?v=1.3`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: 'pw' }) });
  const b = await r.json();
  return { bearer: b.bearer, oldId: `${account}.${b.config.userId}` };
}

/** The raw bot: subscribes, pages back (limit break) until `n` conversations are known; with
 * `all`, asks each one's messages and waits for them. Resolves with what it keeps. */
async function rawOpen(csds, account, user, all, n, onFrame) {
  const host = new URL(csds).host;
  const { bearer, oldId } = await login(csds, account, user);
  const conversations = new Map();
  const messages = new Map();
  const pages = new Set();
  let window = Infinity;
  let s;
  const done = new Promise((resolve) => {
    const check = () => conversations.size >= n && (!all || messages.size >= n) && resolve();
    const handle = (f) => {
      if (f.type !== '.ams.aam.ExConversationChangeNotification') return onFrame?.(f);
      const changes = f.body?.changes ?? [];
      const first = !pages.has(f.body.subscriptionId);
      pages.add(f.body.subscriptionId);
      let oldest = Infinity;
      for (const ch of changes) {
        const r = ch.result;
        const id = r?.convId;
        if (!id) continue;
        oldest = Math.min(oldest, r.conversationDetails?.metaDataLastUpdateTs ?? Infinity);
        const known = conversations.has(id);
        conversations.set(id, r);
        if (!known && all) {
          s.request('.ams.ms.QueryMessages', { dialogId: id, newerThanSequence: 0 }).then((resp) => {
            messages.set(id, resp.body ?? []);
            check();
          });
        }
      }
      if (first && changes.length >= 900 && oldest + 10_000 < window) {
        window = oldest + 10_000;
        s.send('.ams.aam.SubscribeExConversations', { stage: ['OPEN'], minLastUpdatedTime: 0, maxLastUpdatedTime: window });
      }
      check();
    };
    rawSocket(`ws://${host}/ws_api/account/${account}/messaging/brand/${bearer}?v=2.1`, handle).then((sock) => {
      s = sock;
      s.send('.ams.aam.SubscribeExConversations', { stage: ['OPEN'] });
    });
  });
  await done;
  return { s, oldId, conversations, messages };
}

/** The SDK bot: opens and resolves once `n` conversations were emitted. */
async function sdkOpen(lpm, csds, account, user, all, n, onMessage) {
  const c = lpm.createConnection({ accountId: account, userType: lpm.UserType.BRAND, authData: { username: user, password: 'pw' }, csdsUrl: csds, getAllMessages: all });
  let seen = 0;
  const done = new Promise((resolve) => {
    c.on('conversation', (conv) => {
      if (onMessage) conv.on('message', (m) => onMessage(conv, m));
      if (++seen === n) resolve();
    });
  });
  c.on('error', (e) => console.error('sdk bot:', e?.message ?? e));
  await c.open();
  await done;
  return c;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const heap = () => {
  global.gc();
  const m = process.memoryUsage();
  // `external` includes ArrayBuffers and the wasm memory.
  return m.heapUsed + m.external;
};

/** Child mode: `--bot sdk|raw row csds account user n …`; prints one JSON line per result. */
async function bot([kind, row, csds, account, user, n]) {
  n = Number(n);
  // stopped with SIGTERM after rows d and e: exit normally, so `--cpu-prof` writes its profile
  process.once('SIGTERM', () => process.exit(0));
  const lpm = kind === 'sdk' ? (await import(join(here, '..', 'dist', 'index.mjs'))) : null;
  const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
  if (row === 'a' || row === 'b' || row === 'c') {
    const all = row !== 'a';
    const before = row === 'c' ? heap() : 0;
    const t0 = cpuMs();
    const kept = kind === 'sdk' ? await sdkOpen(lpm, csds, account, user, all, n) : await rawOpen(csds, account, user, all, n);
    const cpu = cpuMs() - t0;
    out(row === 'c' ? { kb: (heap() - before) / n / 1024, keep: !!kept } : { cpu });
    process.exit(0);
  }
  // d / e: ready once every conversation is known; then count deliveries or answer pings.
  const total = Number(process.env.LPM_BENCH_TOTAL ?? 0);
  let got = 0;
  const count = (text) => {
    if (row === 'd' && text?.startsWith('fan') && ++got === total) out({ done: true });
  };
  if (kind === 'sdk') {
    await sdkOpen(lpm, csds, account, user, false, n, (conv, m) => {
      const text = m.body;
      if (row === 'e' && text?.startsWith('ping ')) conv.sendMessage(`pong ${text.slice(5)}`);
      else count(text);
    });
  } else {
    const { s } = await rawOpen(csds, account, user, false, n, (f) => {
      if (f.type !== '.ams.ms.OnlineEventDistribution') return;
      const text = f.body?.event?.message;
      if (row === 'e' && text?.startsWith('ping ')) {
        const conv = f.body.dialogId;
        s.send('.ams.ms.PublishEvent', { conversationId: conv, dialogId: conv, event: textEvent(`pong ${text.slice(5)}`) });
      } else count(text);
    });
  }
  out({ ready: true });
}

// ----- orchestrator -------------------------------------------------------------------------

function startPlatform() {
  const bin = process.env.LPM_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(repo, 'target'), 'release', 'lpm');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['platform', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, RUST_LOG: 'warn' } });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /LPM_CSDS_URL=(\S+)/.exec(out);
      if (m) resolve({ csds: m[1], stop: () => child.kill('SIGINT') });
    });
    child.once('error', reject);
  });
}

async function consumer(csds, account) {
  const host = new URL(csds).host;
  const { jwt } = await (await fetch(`${csds}/api/account/${account}/signup`, { method: 'POST' })).json();
  const s = await rawSocket(`ws://${host}/ws_api/account/${account}/messaging/consumer?v=3`);
  await s.request('InitConnection', {}, [{ type: '.ams.headers.ConsumerAuthentication', jwt }, { type: '.ams.headers.ClientProperties' }]);
  const r = await s.request('cm.ConsumerRequestConversation', { ttrDefName: 'NORMAL', channelType: 'MESSAGING' });
  s.conversation = r.body.conversationId;
  return s;
}

const publish = (c, k, tag) =>
  Promise.all(Array.from({ length: k }, (_, i) => c.request('ms.PublishEvent', { conversationId: c.conversation, dialogId: c.conversation, event: textEvent(`${tag} ${i}`) })));

/** N consumers with `msgs` messages each, 100 at a time; the platform clock moves 2 s after
 * each hundred so a brand's limit-break paging (1,000 per snapshot, 10 s windows) reaches all. */
async function seed(csds, account, n, msgs, keep) {
  const kept = [];
  for (let start = 0; start < n; start += 100) {
    const batch = await Promise.all(Array.from({ length: Math.min(100, n - start) }, async () => {
      const c = await consumer(csds, account);
      await publish(c, msgs, 'seed');
      return c;
    }));
    await fetch(`${csds}/_lpm/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms: 2000 }) });
    if (keep) kept.push(...batch);
    else batch.forEach((c) => c.close());
  }
  return kept;
}

/** Runs a bot child; `lines` gets each JSON line; resolves with the child. */
function child(args, env = {}) {
  // LPM_BENCH_NODE_ARGS: extra Node.js flags for the bot children (e.g. `--cpu-prof`)
  const nodeArgs = (process.env.LPM_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const p = spawn(process.execPath, ['--expose-gc', ...nodeArgs, fileURLToPath(import.meta.url), '--bot', ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const lines = createInterface({ input: p.stdout });
  const queue = [];
  let wake;
  lines.on('line', (l) => {
    queue.push(JSON.parse(l));
    wake?.();
  });
  p.nextLine = async () => {
    while (!queue.length) await new Promise((r) => (wake = r));
    return queue.shift();
  };
  return p;
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

async function main() {
  const n = num('LPM_BENCH_N', 10_000);
  const fan = num('LPM_BENCH_FANOUT', 1_000);
  const fanMsgs = num('LPM_BENCH_FANOUT_MSGS', 20);
  const rttCount = num('LPM_BENCH_RTT', 500);
  const runs = num('LPM_BENCH_RUNS', 3);
  const { csds, stop } = await startPlatform();
  let t = Date.now();
  await seed(csds, '1000', n, 5, false);
  const fans = await seed(csds, '2000', fan, 0, true);
  console.error(`seeded ${n} + ${fan} conversations in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const setup = await rawOpen(csds, '2000', 'fanbot', false, fan);
  await Promise.all([...setup.conversations.keys()].map((id) =>
    setup.s.request('.ams.cm.UpdateConversationField', { conversationId: id, conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER', userId: setup.oldId }] })));
  setup.s.close();

  const figures = {};
  const record = (k, v) => (figures[k] ??= []).push(v);
  let users = 0;
  const pinger = fans[0];
  await pinger.request('ms.SubscribeMessagingEvents', { conversationId: pinger.conversation, dialogId: pinger.conversation, fromSeq: 1_000_000 });
  for (let run = 0; run < runs; run++) {
    for (const kind of ['sdk', 'raw']) {
      for (const row of ['a', 'b', 'c']) {
        const p = child([kind, row, csds, '1000', `bot${++users}`, String(n)]);
        const r = await p.nextLine();
        record(`${row} ${kind}`, row === 'c' ? r.kb : r.cpu);
      }
      // (d) wall time from the consumers' first message to the bot's last delivery.
      const total = fan * fanMsgs;
      let p = child([kind, 'd', csds, '2000', 'fanbot', String(fan)], { LPM_BENCH_TOTAL: String(total) });
      await p.nextLine();
      t = performance.now();
      await Promise.all(fans.map((c) => publish(c, fanMsgs, 'fan')));
      await p.nextLine();
      record(`d ${kind}`, total / ((performance.now() - t) / 1000));
      p.kill();
      // (e) the consumer pings, the bot answers.
      p = child([kind, 'e', csds, '2000', 'fanbot', String(fan)]);
      await p.nextLine();
      const rtts = [];
      for (let i = 0; i < rttCount; i++) {
        const want = `pong ${run}-${i}`;
        const t0 = performance.now();
        const got = new Promise((resolve) => {
          const on = (data) => {
            const f = JSON.parse(data);
            if (f.body?.changes?.some((ch) => ch.event?.message === want)) {
              pinger.ws.off('message', on);
              resolve();
            }
          };
          pinger.ws.on('message', on);
        });
        pinger.send('ms.PublishEvent', { conversationId: pinger.conversation, dialogId: pinger.conversation, event: textEvent(`ping ${run}-${i}`) });
        await got;
        rtts.push(performance.now() - t0);
      }
      rtts.sort((a, b) => a - b);
      record(`e50 ${kind}`, rtts[Math.floor((rtts.length - 1) * 0.5)]);
      record(`e99 ${kind}`, rtts[Math.round((rtts.length - 1) * 0.99)]);
      p.kill();
    }
  }
  stop();
  fans.forEach((c) => c.close());
  console.log(`\n| row (N = ${n}; fan-out ${fan} × ${fanMsgs}; ${rttCount} round trips; median of ${runs}) | raw Node | JS SDK | SDK / raw |`);
  console.log('| --- | --- | --- | --- |');
  for (const [label, key] of [
    ['(a) brand bot open → all conversations emitted, CPU ms', 'a'],
    ['(b) same with getAllMessages, CPU ms', 'b'],
    ['(c) memory per conversation with its 5 messages, KB', 'c'],
    ['(d) fan-out into one bot, delivered msg/s', 'd'],
    ['(e) round trip p50, ms', 'e50'],
    ['(e) round trip p99, ms', 'e99'],
  ]) {
    const raw = median(figures[`${key} raw`]);
    const sdk = median(figures[`${key} sdk`]);
    console.log(`| ${label} | ${raw.toFixed(2)} | ${sdk.toFixed(2)} | ${(sdk / raw).toFixed(2)}× |`);
  }
  process.exit(0);
}

if (process.argv[2] === '--bot') bot(process.argv.slice(3));
else main();
