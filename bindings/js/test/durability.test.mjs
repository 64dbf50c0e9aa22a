// `lpm platform --data DIR` with the JS SDK: a consumer and an agent bot chat, the platform is
// killed with SIGKILL mid-conversation and started again on the same port and data directory.
// Both connections reconnect on their own; sends made while the platform was down go out after
// the restart; every message sent before and after reaches the other side exactly once, in
// order, and the restarted platform holds the whole history.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform } from './support/platform.mjs';
import { once, until } from './support/wait.mjs';

const require = createRequire(import.meta.url);
const lpm = require('lp-messaging-sdk');
const accountId = '12345678';

describe('durable platform state (--data)', () => {
  const data = mkdtempSync(join(tmpdir(), 'lpm-durability-js-'));
  let platform;
  after(async () => {
    await platform?.stop();
    rmSync(data, { recursive: true, force: true });
  });

  it('kill -9 and a restart on the same data lose nothing and duplicate nothing', async () => {
    platform = await startPlatform(['--data', data]);
    const { port, csdsUrl } = platform;
    const bot = lpm.createConnection({ appId: 'durability_test', accountId, userType: lpm.UserType.BRAND, authData: { username: 'durable-bot', password: 'durable-bot-pw' }, waitToReconnect: 200 });
    const consumer = lpm.createConnection({ appId: 'durability_test', accountId, userType: lpm.UserType.CONSUMER, waitToReconnect: 200 });
    const connection = { bot: { disconnects: 0, reconnects: 0 }, consumer: { disconnects: 0, reconnects: 0 } };
    for (const [name, c] of [['bot', bot], ['consumer', consumer]]) {
      c.on('error', () => {});
      c.on('disconnect', () => connection[name].disconnects++);
      c.on('reconnect', () => connection[name].reconnects++);
    }
    try {
      await bot.open();
      await consumer.open();
      const conversation = await consumer.createConversation();
      const botSide = bot.getConversationById(conversation.conversationId) ?? (await once(bot, 'conversation', { pred: (c) => c.conversationId === conversation.conversationId }));
      await botSide.join(lpm.ParticipantRole.ASSIGNED_AGENT);
      // what each side receives from the other: [sequence, text]
      const botGot = [];
      const consumerGot = [];
      botSide.on('message', (m) => m.sentByCurrentUser() || botGot.push([m.sequence, m.body]));
      conversation.on('message', (m) => m.sentByCurrentUser() || consumerGot.push([m.sequence, m.body]));
      for (let i = 1; i <= 3; i++) {
        await conversation.sendMessage(`c${i}`);
        await botSide.sendMessage(`a${i}`);
      }
      await until(() => botGot.length === 3 && consumerGot.length === 3, { what: 'c1..c3 and a1..a3' });

      await platform.kill();
      await until(() => connection.bot.disconnects > 0 && connection.consumer.disconnects > 0, { timeout: 10_000, what: 'both sides notice the crash' });
      // sends while the platform is down are queued and go out after the reconnect
      const queued = [conversation.sendMessage('c4 (queued)'), botSide.sendMessage('a4 (queued)')];
      // (awaited below; a failure before that must not surface as an unhandled rejection)
      for (const p of queued) p.catch(() => {});
      // keeps the platform down a little while the sends wait in the SDKs' queues; no
      // assertion depends on its length
      await new Promise((r) => setTimeout(r, 300));

      platform = await startPlatform(['--data', data], { port });
      assert.equal(platform.csdsUrl, csdsUrl);
      await until(() => connection.bot.reconnects > 0 && connection.consumer.reconnects > 0, { timeout: 10_000, what: 'both sides reconnect' });
      await Promise.all(queued);
      await conversation.sendMessage('c5');
      await botSide.sendMessage('a5');

      await until(() => botGot.length >= 5 && consumerGot.length >= 5, { timeout: 10_000, what: `every message (bot ${JSON.stringify(botGot)}, consumer ${JSON.stringify(consumerGot)})` });
      assert.deepEqual(botGot.map(([, t]) => t), ['c1', 'c2', 'c3', 'c4 (queued)', 'c5']);
      assert.deepEqual(consumerGot.map(([, t]) => t), ['a1', 'a2', 'a3', 'a4 (queued)', 'a5']);
      for (const got of [botGot, consumerGot]) assert.ok(got.every(([s], i) => i === 0 || s > got[i - 1][0]), `sequence order: ${JSON.stringify(got)}`);

      // the restarted platform holds the whole history: sequences 0.. without gaps or repeats
      const res = await fetch(`${csdsUrl}/_lpm/ums/conversations/${conversation.conversationId}`);
      assert.ok(res.ok, `inspect: ${res.status}`);
      const events = (await res.json()).events[conversation.conversationId];
      const texts = events.map((e) => e.event.message).filter(Boolean);
      assert.deepEqual(texts.filter((t) => t.startsWith('c')), ['c1', 'c2', 'c3', 'c4 (queued)', 'c5']);
      assert.deepEqual(texts.filter((t) => t.startsWith('a')), ['a1', 'a2', 'a3', 'a4 (queued)', 'a5']);
      assert.deepEqual(events.map((e) => e.sequence), events.map((_, i) => i));
    } finally {
      await consumer.close().catch(() => {});
      await bot.close().catch(() => {});
    }
  });
});
