// The brand REST connection (connectionType: REST) and lpm.rest against lpm platform's UMS REST
// v1: a REST bot joins a consumer's conversation, replies, transfers and closes it; the
// consumer sees it over its websocket; the REST connection's model is fed by webhook payloads
// relayed from the consumer's notifications.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startPlatform } from './support/platform.mjs';
import { once } from './support/wait.mjs';

const require = createRequire(import.meta.url);
const lpm = require('lp-messaging-sdk');
const accountId = '12345678';

let platform;
const open = [];
function connect(options) {
  const c = lpm.createConnection({ appId: 'rest_test', accountId, ...options });
  c.on('error', () => {});
  open.push(c);
  return c;
}

/** Forwards the consumer's notifications to `target` as webhook payloads. */
function relay(source, target) {
  source.on('notification', (n) => {
    target.processWebhooksNotification({ wsNotificationMsg: { type: n.type, body: n.body } }).catch(() => {});
  });
}

describe('REST connection and lpm.rest against lpm platform', () => {
  before(async () => {
    platform = await startPlatform();
  });
  after(async () => {
    for (const c of open) await c.close().catch(() => {});
    await platform?.stop();
  });

  it('a REST bot joins, replies, transfers and closes; the consumer sees it', async () => {
    const bot = connect({ userType: lpm.UserType.BRAND, connectionType: lpm.ConnectionType.REST, authData: { username: 'rest-bot', password: 'pw' } });
    await bot.open();
    assert.equal(bot.state, 'connected');
    assert.equal(bot.defaultSubscription, null);
    const cons = connect({ userType: lpm.UserType.CONSUMER });
    await cons.open();
    relay(cons, bot);
    const consumerSide = await cons.createConversation();
    const id = consumerSide.conversationId;

    // LivePerson's BrandRestConnection: getConversationById reads over REST (a Promise).
    const c = await bot.getConversationById(id);
    assert.equal(c.conversationId, id);
    const missing = bot.getConversationById('no-such-conversation');
    assert.ok(missing instanceof Promise);
    await assert.rejects(missing, (e) => Number(e.code) === 404);

    const added = once(consumerSide, 'participant-added', { pred: (p) => p.participant.role === 'ASSIGNED_AGENT' });
    await c.join(lpm.ParticipantRole.ASSIGNED_AGENT);
    await added;

    const hello = once(consumerSide, 'message', { pred: (m) => m.body === 'hello over REST' });
    const { sequence } = await c.sendMessage('hello over REST');
    assert.equal(typeof sequence, 'number');
    await hello;

    // The consumer's answer reaches the REST bot through the webhook relay.
    const thanks = once(c, 'message', { pred: (m) => m.body === 'thanks' });
    await consumerSide.sendMessage('thanks');
    const m = await thanks;
    await m.read();

    await c.setTTR('URGENT');

    // The bearer ends on the platform: the next call logs in again and goes through.
    const userId = bot.agentId.split('.')[1];
    const res = await fetch(`${platform.csdsUrl}/_lpm/tokens/brand/expire`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: accountId, userId }) });
    assert.equal(res.status, 200);
    const invalid = once(bot, 'token-invalid');
    const again = once(consumerSide, 'message', { pred: (x) => x.body === 'still here' });
    await c.sendMessage('still here');
    await again;
    assert.equal((await invalid).source, 'rest');

    const moved = once(consumerSide, 'transfer-skill');
    await c.transfer({ skillId: '1002' });
    await moved;
    assert.equal(consumerSide.skill.skillId, '1002');

    // No longer a participant: UMS refuses (403), no re-login.
    await assert.rejects(bot.closeConversation(id), (e) => e.code === 403 || e.code === '403');
    await c.join(lpm.ParticipantRole.ASSIGNED_AGENT);
    const closed = once(consumerSide, 'close');
    const botClosed = once(c, 'close');
    await bot.closeConversation(id);
    await closed;
    await botClosed;

    // Without a REST form: a clear error.
    await assert.rejects(bot.setAgentState({ agentState: 'ONLINE' }), /REST/);
    await assert.rejects(bot.createRoutingTaskSubscription(), /REST/);
  });

  it('lpm.rest helpers: single calls built by the core, with a bearer', async () => {
    const agent = connect({ userType: lpm.UserType.BRAND, authData: { username: 'rest-helper', password: 'pw' } });
    await agent.open();
    const token = await agent.getToken();
    const cons = connect({ userType: lpm.UserType.CONSUMER });
    await cons.open();
    const consumerSide = await cons.createConversation();
    const conversationId = consumerSide.conversationId;
    const auth = { accountId, token };

    const read = await lpm.rest.getConversationById({ ...auth, conversationId });
    assert.equal(read.convId, conversationId);
    await lpm.rest.addParticipant({ ...auth, conversationId, participantId: agent.agentId, role: 'ASSIGNED_AGENT' });
    const got = once(consumerSide, 'message', { pred: (m) => m.body === 'from lpm.rest' });
    const published = await lpm.rest.publishMessage({ ...auth, conversationId, text: 'from lpm.rest' });
    assert.equal(published.sequence, 0);
    await got;
    await lpm.rest.setChatState({ ...auth, conversationId, chatState: 'COMPOSING' });
    const history = await lpm.rest.getMessages({ ...auth, conversationId, dialogId: conversationId, limit: 10 });
    assert.equal(history[0].event.message, 'from lpm.rest');
    await lpm.rest.updateTTR({ ...auth, conversationId, ttrType: 'PRIORITIZED' });
    await lpm.rest.updateManualETTR({ ...auth, conversationId, time: Date.now() + 60_000 });
    const upload = await lpm.rest.getUploadUrl({ ...auth, fileSize: 3, fileType: 'PNG' });
    assert.match(upload.relativePath, /^\/v1\//);
    const closed = once(consumerSide, 'close');
    await lpm.rest.updateConversationStage({ ...auth, conversationId, stage: 'CLOSE' });
    await closed;

    // Bad input and a refused bearer are clear errors without the bearer in them.
    await assert.rejects(lpm.rest.getConversationById({ ...auth }), /conversationId/);
    await assert.rejects(lpm.rest.getConversationById({ accountId, token: 'wrong-bearer', conversationId }), (e) => {
      assert.equal(Number(e.code), 401);
      assert.doesNotMatch(String(e.message), /wrong-bearer/);
      return true;
    });
  });

  it('SEND_API stays unsupported and REST is brand-only', () => {
    assert.throws(() => connect({ userType: lpm.UserType.BRAND, connectionType: lpm.ConnectionType.SEND_API, authData: { username: 'x', password: 'y' } }), /sendapi/);
    assert.throws(() => connect({ userType: lpm.UserType.CONSUMER, connectionType: lpm.ConnectionType.REST }), /brand/);
  });
});
