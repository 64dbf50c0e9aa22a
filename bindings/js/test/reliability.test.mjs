// Reliability against lpm platform: a bot's process outlives socket drops and keeps answering.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPlatform } from './support/platform.mjs';
import { startNode } from './support/run.mjs';
import { once, until } from './support/wait.mjs';

const require = createRequire(import.meta.url);
const lpm = require('lp-messaging-sdk');
const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'js');
const accountId = '12345678';

let platform;
async function control(path, body, method = 'POST') {
  const res = await fetch(`${platform.csdsUrl}/_lpm${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  assert.ok(res.ok, `${path}: ${res.status}`);
  return res.status === 204 ? undefined : res.json();
}
const brandSockets = async () => (await control('/ums/sockets', undefined, 'GET')).filter((s) => s.side === 'brand');

/** Resolves once `pred()` (async) holds, polling the platform's controls. */
async function eventually(pred, what, timeout = 30_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('reliability against lpm platform', () => {
  before(async () => {
    platform = await startPlatform();
  });
  after(async () => {
    await platform?.stop();
  });

  it('messages published while the bot is reconnecting arrive once, in order, after it is back', async () => {
    // a reconnect wait long enough that the sends below happen while the bot is away; the
    // assertions hold wherever they land
    const bot = lpm.createConnection({ appId: 'reliability_test', accountId, userType: lpm.UserType.BRAND, authData: { username: 'gap-bot', password: 'gap-bot-pw' }, waitToReconnect: 1000 });
    bot.on('error', () => {});
    const consumer = lpm.createConnection({ appId: 'reliability_test', accountId, userType: lpm.UserType.CONSUMER });
    consumer.on('error', () => {});
    try {
      await bot.open();
      await consumer.open();
      const conversation = await consumer.createConversation();
      const botSide = bot.getConversationById(conversation.conversationId) ?? (await once(bot, 'conversation', { pred: (c) => c.conversationId === conversation.conversationId }));
      await botSide.join(lpm.ParticipantRole.ASSIGNED_AGENT);
      const seen = [];
      botSide.on('message', (m) => seen.push([m.sequence, m.body]));
      await conversation.sendMessage('m0');
      await until(() => seen.length === 1, { what: 'm0' });

      const dropped = once(bot, 'disconnect', { timeout: 10_000 });
      await control('/ums/sockets/close', { code: 1011, account: accountId, side: 'brand' });
      await dropped;
      for (let i = 1; i <= 5; i++) await conversation.sendMessage(`m${i}`);
      await until(() => seen.some(([, b]) => b === 'm5'), { timeout: 20_000, what: 'the five missed messages' });
      await conversation.sendMessage('m6');
      await until(() => seen.some(([, b]) => b === 'm6'), { timeout: 10_000, what: 'm6' });
      assert.deepEqual(seen.map(([, b]) => b), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
      assert.ok(seen.every(([s], i) => i === 0 || s > seen[i - 1][0]), `sequence order: ${JSON.stringify(seen)}`);
    } finally {
      await consumer.close().catch(() => {});
      await bot.close().catch(() => {});
    }
  });

  it("closed conversations' facades are released once the core evicts them (bounded memory)", async () => {
    const bot = lpm.createConnection({ appId: 'reliability_test', accountId, userType: lpm.UserType.BRAND, authData: { username: 'evict-bot', password: 'evict-bot-pw' }, conversationsCacheDuration: 100 });
    bot.on('error', () => {});
    const consumer = lpm.createConnection({ appId: 'reliability_test', accountId, userType: lpm.UserType.CONSUMER });
    consumer.on('error', () => {});
    try {
      await bot.open();
      await consumer.open();
      // (conversations other tests left open are the bot's to keep)
      const baseline = bot._facadeCounts();
      const ids = [];
      for (let i = 0; i < 5; i++) {
        const conversation = await consumer.createConversation();
        ids.push(conversation.conversationId);
        const botSide = bot.getConversationById(conversation.conversationId) ?? (await once(bot, 'conversation', { pred: (c) => c.conversationId === conversation.conversationId }));
        const got = once(botSide, 'message', { pred: (m) => m.body === `q${i}` });
        await botSide.join(lpm.ParticipantRole.ASSIGNED_AGENT);
        await conversation.sendMessage(`q${i}`);
        await got;
        await botSide.sendMessage(`a${i}`);
        const closed = once(botSide, 'close', { timeout: 10_000 });
        await conversation.close();
        await closed;
      }
      // (the five questions the bot listened for; messages nobody listens to make no facade)
      assert.ok(bot._facadeCounts().messages >= 5, JSON.stringify(bot._facadeCounts()));
      // a closed conversation is released 5 s after its close, then dropped after the cache time
      await until(() => bot._facadeCounts().conversations === baseline.conversations, { timeout: 30_000, what: `facades released: ${JSON.stringify(bot._facadeCounts())}` });
      assert.deepEqual(bot._facadeCounts(), baseline);
      for (const id of ids) assert.equal(bot.getConversationById(id) ?? null, null, "the core let go of it too");
    } finally {
      await consumer.close().catch(() => {});
      await bot.close().catch(() => {});
    }
  });

  it('requests close() ends reject for a caller that awaits and end no process of one that did not', async () => {
    const bot = lpm.createConnection({ appId: 'reliability_test', accountId, userType: lpm.UserType.BRAND, authData: { username: 'close-bot', password: 'close-bot-pw' } });
    bot.on('error', () => {});
    const consumer = lpm.createConnection({ appId: 'reliability_test', accountId, userType: lpm.UserType.CONSUMER });
    consumer.on('error', () => {});
    const unhandled = [];
    const record = (reason) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      await bot.open();
      await consumer.open();
      const conversation = await consumer.createConversation();
      const botSide = bot.getConversationById(conversation.conversationId) ?? (await once(bot, 'conversation', { pred: (c) => c.conversationId === conversation.conversationId }));
      await botSide.join(lpm.ParticipantRole.ASSIGNED_AGENT);
      // the next three publishes get their answers late: they are pending when close() comes
      for (let i = 0; i < 3; i++) await control('/faults', { kind: 'ums:ms.PublishEvent', delayMs: 3000 });
      botSide.sendMessage('not awaited'); // the seed's style
      const awaited = botSide.sendMessage('awaited').then(() => 'resolved', (e) => e);
      bot.on('chaos-test', async () => {
        await botSide.sendMessage('awaited in an async listener');
      });
      bot.emit('chaos-test');
      await new Promise((r) => setTimeout(r, 100));
      await bot.close();
      const err = await awaited;
      assert.ok(err instanceof lpm.StateError, `awaited: ${inspect(err)}`);
      assert.equal(err.kind, 'closed');
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', record);
      await control('/faults', undefined, 'DELETE').catch(() => {});
      await consumer.close().catch(() => {});
      await bot.close().catch(() => {});
    }
  });

  it('no inspect, console.log or JSON of a connection, conversation, message or event shows a secret', async () => {
    const authData = { username: 'secret-bot', appKey: 'APPKEY-s3cr3t-1', secret: 'SECRET-s3cr3t-2', accessToken: 'ATOKEN-s3cr3t-3', accessTokenSecret: 'ATSECRET-s3cr3t-4' };
    const bot = lpm.createConnection({ appId: 'reliability_test', accountId, userType: lpm.UserType.BRAND, authData });
    const agent = lpm.createConnection({ appId: 'reliability_test', accountId, userType: lpm.UserType.BRAND, authData: { username: 'secret-agent', password: 'PASSWORD-s3cr3t-5' } });
    const consumer = lpm.createConnection({ appId: 'reliability_test', accountId, userType: lpm.UserType.CONSUMER });
    const seen = [];
    for (const c of [bot, agent, consumer]) {
      c.on('error', () => {});
      // every event of every level, as a user's catch-all logger would see it
      const emit = c.emit.bind(c);
      c.emit = (name, ...args) => (seen.push([name, ...args]), emit(name, ...args));
    }
    try {
      await bot.open();
      await agent.open();
      await consumer.open();
      const conversation = await consumer.createConversation();
      const botSide = bot.getConversationById(conversation.conversationId) ?? (await once(bot, 'conversation', { pred: (c) => c.conversationId === conversation.conversationId }));
      const got = once(botSide, 'message', { pred: (m) => m.body === 'hello' });
      await botSide.join(lpm.ParticipantRole.ASSIGNED_AGENT);
      await conversation.sendMessage('hello');
      const message = await got;
      const secrets = [
        ...Object.values(authData).filter((v) => v !== 'secret-bot'),
        'PASSWORD-s3cr3t-5',
        await bot.getToken(),
        await agent.getToken(),
        await consumer.getToken(),
      ];
      const objects = [bot, agent, consumer, conversation, botSide, message, message.dialog, message.participant, ...seen];
      for (const o of objects) {
        for (const text of [inspect(o, { depth: 8 }), inspect(o, { depth: 8, showHidden: true, getters: true }), JSON.stringify(o, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) ?? '']) {
          for (const secret of secrets) assert.ok(!text.includes(secret), `a secret in the output of ${inspect(o, { depth: 0 })}`);
        }
      }
      assert.match(inspect(bot), /Connection \{\s+connectionId: .*accountId: '12345678'.*state: 'connected'/s);
    } finally {
      for (const c of [consumer, agent, bot]) await c.close().catch(() => {});
    }
  });

});

// Its own platform: the seed bot joins every conversation it sees, so conversations left by the
// tests above would keep it busy answering (and a reply in flight when its socket is dropped
// rejects; the seed's unawaited sendMessage would then end the process).
describe('the quick-start bot against a fresh lpm platform', () => {
  before(async () => {
    platform = await startPlatform();
  });
  after(async () => {
    await platform?.stop();
  });

  it("the seed's quick-start bot (open, then only listeners) stays alive through socket drops and answers again", async () => {
    const bot = await startNode(join(examples, '02-agent-bot-quick-start.js'), /bot ready/, { cwd: examples });
    let exited = null;
    bot.child.once('exit', (code, signal) => (exited = { code, signal }));
    const consumer = lpm.createConnection({ appId: 'reliability_test', accountId, userType: lpm.UserType.CONSUMER });
    consumer.on('error', () => {});
    try {
      await consumer.open();
      const conversation = await consumer.createConversation();
      await once(conversation, 'participant-added', { timeout: 20_000, pred: ({ participant }) => participant.role === lpm.ParticipantRole.AGENT });
      const hello = () => once(conversation, 'message', { timeout: 30_000, pred: (m) => !m.sentByCurrentUser() && m.body === 'hello' });

      // every close the platform can make: server error, an abrupt-looking 1006-free drop, auth refusal
      for (const code of [1011, 1001, 4401]) {
        const before = new Set((await brandSockets()).map((s) => s.id));
        assert.equal(before.size, 1, 'one brand socket (the bot)');
        const r = await control('/ums/sockets/close', { code, account: accountId, side: 'brand' });
        assert.equal(r.closed, 1);
        // the bot reconnects on its own schedule (5 s by default); meanwhile it must stay alive
        await eventually(async () => exited !== null || (await brandSockets()).some((s) => !before.has(s.id)), `the bot's new socket after ${code}`);
        assert.equal(exited, null, `the bot exited after a ${code} drop:\n${bot.output()}`);
        const reply = hello();
        await conversation.sendMessage(`after ${code}`);
        await reply;
        await until(() => bot.output().includes(`after ${code}`), { what: `the bot logs "after ${code}"` });
      }
      assert.equal(exited, null);
    } finally {
      await consumer.close().catch(() => {});
      await bot.stop();
    }
  });
});

describe('open() fails at once, with the reason, where retrying cannot help', () => {
  it('a refused TLS certificate (self-signed platform) is not retried for the connect timeout', async () => {
    const tls = await startPlatform(['--tls']);
    try {
      assert.match(tls.csdsUrl, /^https:/);
      const consumer = lpm.createConnection({ appId: 'reliability_test', accountId, userType: lpm.UserType.CONSUMER, csdsUrl: tls.csdsUrl });
      consumer.on('error', () => {});
      const started = Date.now();
      await assert.rejects(consumer.open(), (err) => {
        assert.equal(err.kind, 'certificate', err.message);
        assert.match(err.message, /certificate/);
        return true;
      });
      assert.ok(Date.now() - started < 20_000, 'not retried until the 5-minute connect timeout');
      assert.equal(consumer.state, lpm.ConnectionState.FAILED_TO_CONNECT);
    } finally {
      await tls.stop();
    }
  });

  it('a refused saved consumer token rejects open() instead of starting a new consumer', async () => {
    const platform = await startPlatform();
    try {
      const first = lpm.createConnection({ appId: 'reliability_test', accountId, userType: lpm.UserType.CONSUMER });
      await first.open();
      const token = await first.getToken();
      await first.close();
      const res = await fetch(`${platform.csdsUrl}/_lpm/tokens/consumer/revoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      assert.equal(res.status, 200);
      const second = lpm.createConnection({ appId: 'reliability_test', accountId, userType: lpm.UserType.CONSUMER, token });
      second.on('error', () => {});
      await assert.rejects(second.open(), (err) => {
        assert.ok(err instanceof lpm.AuthError, `${err.name}: ${err.message}`);
        assert.match(err.message, /`token`/);
        assert.ok(!err.message.includes(token), 'the token is not in the error');
        return true;
      });
    } finally {
      await platform.stop();
    }
  });
});
