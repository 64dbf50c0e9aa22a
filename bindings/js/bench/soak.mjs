#!/usr/bin/env node
// Soak: does a long-running bot's memory stay flat? (issue 13, "bounded memory")
//
// One bot written like the seed's quick-start bot (join every conversation, answer every
// consumer message), with the JS SDK, against `lpm platform`. N consumers come one after
// another (JS SDK too): each opens a conversation, says something, waits for the answer,
// closes the conversation and its connection. Every `LPM_SOAK_EVERY` conversations the script
// collects garbage and prints the process's heap + external memory and how many conversation,
// dialog, message and participant facades the bot still holds.
//
// It exits non-zero when memory is not flat: when the bot still holds facades once the cache
// window of the last conversation has passed, or when the heap grows by more than
// `LPM_SOAK_MAX_BYTES_PER_CONV` (default 1024) bytes per conversation in steady state (the
// least-squares slope of the samples after the first quarter of the run).
//
// Usage: node bench/soak.mjs          (LPM_SOAK_N=5000, LPM_SOAK_EVERY=500)
//        LPM_BIN=target/release/lpm node bench/soak.mjs
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { startPlatform } from '../test/support/platform.mjs';
import { once, until } from '../test/support/wait.mjs';

if (typeof globalThis.gc !== 'function') {
  // memory figures need a full collection before each sample
  const r = spawnSync(process.execPath, ['--expose-gc', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const require = createRequire(import.meta.url);
const lpm = require('lp-messaging-sdk');
const num = (name, d) => Number(process.env[name] ?? d);
const N = num('LPM_SOAK_N', 5000);
const EVERY = num('LPM_SOAK_EVERY', 500);
// A conversation with its messages and objects costs 15-25 KB in this process, so a leak of
// anything per conversation shows as several KB each; V8's own compiled-code and deopt data
// still grow a little over the first thousands (~0.5 KB per conversation, measured by heap
// snapshot diffs), which this limit tolerates.
const MAX_SLOPE = num('LPM_SOAK_MAX_BYTES_PER_CONV', 1024);
// a closed conversation's objects are released this long after its close (plus 5 s grace)
const CACHE_MS = 1000;
const accountId = '12345678';

const platform = await startPlatform();
const bot = lpm.createConnection({ appId: 'soak', accountId, userType: lpm.UserType.BRAND, authData: { username: 'soak-bot', password: 'soak-bot-pw' }, conversationsCacheDuration: CACHE_MS });
bot.on('error', (e) => console.error('bot error event:', e.message));

// the seed's bot, as a bot developer writes it
bot.on('conversation', async (conversation) => {
  await conversation.join(lpm.ParticipantRole.AGENT);
  conversation.on('message', (message) => {
    if (message.participant.role !== lpm.ParticipantRole.CONSUMER) return;
    conversation.sendMessage(`re: ${message.body}`);
  });
});

const memory = () => {
  globalThis.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};
function leastSquaresSlope(points) {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}
const counts = (c) => Object.values(c._facadeCounts()).reduce((a, b) => a + b, 0);
const samples = [];
let failed = false;

try {
  await bot.open();
  const started = Date.now();
  console.log(`soak: ${N} conversations, one after another, into one bot (JS SDK on both sides)`);
  console.log('conversations | heap+external MB | bot facades | conv/s');
  for (let i = 1; i <= N; i++) {
    const consumer = lpm.createConnection({ appId: 'soak', accountId, userType: lpm.UserType.CONSUMER });
    consumer.on('error', (e) => console.error('consumer error event:', e.message));
    try {
      await consumer.open();
      const conversation = await consumer.createConversation();
      const answer = once(conversation, 'message', { timeout: 20_000, pred: (m) => m.body === `re: q${i}` });
      await conversation.sendMessage(`q${i}`);
      await answer;
      await conversation.close();
    } finally {
      await consumer.close();
    }
    if (i % EVERY === 0 || i === N) {
      const s = { i, bytes: memory(), bot: counts(bot), rate: i / ((Date.now() - started) / 1000) };
      samples.push(s);
      console.log(`${String(i).padStart(13)} | ${(s.bytes / 1e6).toFixed(1).padStart(16)} | ${String(s.bot).padStart(11)} | ${s.rate.toFixed(0).padStart(6)}`);
    }
  }

  // once the cache window has passed, every closed conversation is gone
  await until(() => counts(bot) === 0, { timeout: 30_000, what: 'every facade released' }).catch((e) => {
    console.error(`FAIL: ${e.message}: the bot holds ${JSON.stringify(bot._facadeCounts())}`);
    failed = true;
  });
  const end = memory();
  console.log(`after the cache window: heap+external ${(end / 1e6).toFixed(1)} MB, bot facades ${counts(bot)}`);

  // steady state: least-squares slope of the samples after the first quarter (the first
  // cache window fills the cache; wasm memory grows to its high-water mark and stays there)
  const steady = samples.filter((s) => s.i >= N / 4);
  const slope = leastSquaresSlope(steady.map((s) => [s.i, s.bytes]));
  console.log(`growth in steady state: ${slope.toFixed(1)} bytes per conversation (limit ${MAX_SLOPE})`);
  if (slope > MAX_SLOPE) {
    console.error('FAIL: memory is not flat');
    failed = true;
  }
} finally {
  await bot.close().catch(() => {});
  await platform.stop();
}
process.exitCode = failed ? 1 : 0;
