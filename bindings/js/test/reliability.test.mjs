// Reliability against lpm platform: a bot's process outlives socket drops and keeps answering.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
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
