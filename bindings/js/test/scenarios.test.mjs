// End-to-end scenarios and error cases against lpm platform: what a user sees.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startPlatform } from './support/platform.mjs';
import { once, until, within } from './support/wait.mjs';

const require = createRequire(import.meta.url);
const lpm = require('lp-messaging-sdk');
const accountId = '12345678';

let platform;
const open = [];
function connect(options) {
  const c = lpm.createConnection({ appId: 'scenario_test', accountId, ...options });
  c.on('error', () => {});
  open.push(c);
  return c;
}
const brand = (name, extra = {}) => connect({ userType: lpm.UserType.BRAND, authData: { username: name, password: `${name}-pw` }, ...extra });
const consumer = (extra = {}) => connect({ userType: lpm.UserType.CONSUMER, ...extra });

async function control(path, body, method = 'POST') {
  const res = await fetch(`${platform.csdsUrl}/_lpm${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  assert.ok(res.ok, `${path}: ${res.status}`);
}

/** A consumer conversation the agent has joined as assigned agent. */
async function joined(agentName) {
  const agent = brand(agentName);
  await agent.open();
  const cons = consumer();
  await cons.open();
  const consumerSide = await cons.createConversation();
  const agentSide = agent.getConversationById(consumerSide.conversationId) ??
    (await once(agent, 'conversation', { pred: (c) => c.conversationId === consumerSide.conversationId }));
  const added = once(consumerSide, 'participant-added', { pred: (p) => p.participant.role === 'ASSIGNED_AGENT' });
  await agentSide.join(lpm.ParticipantRole.ASSIGNED_AGENT);
  await added;
  return { agent, cons, consumerSide, agentSide };
}

describe('scenarios against lpm platform', () => {
  before(async () => {
    platform = await startPlatform();
  });
  after(async () => {
    for (const c of open) await c.close().catch(() => {});
    await platform?.stop();
  });

  it('raw notification events come while someone listens, on the connection or a subscription', async () => {
    // The core makes them only while a 'notification' listener exists (driver.ts syncRaw).
    const { agent, consumerSide, agentSide } = await joined('scn-raw');
    const seen = [];
    const onRaw = (n) => seen.push(n);
    agent.on('notification', onRaw);
    const got = once(agentSide, 'message', { pred: (m) => m.body === 'raw 1' });
    await consumerSide.sendMessage('raw 1');
    await got;
    assert.ok(seen.some((n) => n.type === '.ams.ms.OnlineEventDistribution' && n.body?.event?.message === 'raw 1'), JSON.stringify(seen));
    // off while nobody listens, on again for a listener added later
    agent.off('notification', onRaw);
    const quiet = once(agentSide, 'message', { pred: (m) => m.body === 'raw 2' });
    await consumerSide.sendMessage('raw 2');
    await quiet;
    const late = once(agent, 'notification', { pred: (n) => n.body?.event?.message === 'raw 3' });
    await consumerSide.sendMessage('raw 3');
    await late;
    // a listener on the default subscription alone turns them on again
    const sub = agent.defaultSubscription;
    const subSeen = once(sub, 'notification', { pred: (b) => Array.isArray(b?.changes) });
    await consumerSide.close();
    assert.ok((await subSeen).subscriptionId);
  });

  it('consumer and agent exchange messages; both see them with the right participants', async () => {
    const { consumerSide, agentSide, agent } = await joined('scn-chat');
    const got = once(agentSide, 'message', { pred: (m) => m.body === 'hello agent' });
    await consumerSide.sendMessage('hello agent');
    const m = await got;
    assert.equal(m.participant.role, lpm.ParticipantRole.CONSUMER);
    assert.equal(m.sentByCurrentUser(), false);
    assert.equal(m.conversation, agentSide);
    const reply = once(consumerSide, 'message', { pred: (x) => x.body === 'hello consumer' });
    const { sequence } = await agentSide.sendMessage('hello consumer');
    assert.equal(typeof sequence, 'number');
    const r = await reply;
    assert.equal(r.participant.role, lpm.ParticipantRole.ASSIGNED_AGENT);
    assert.equal(r.sentByCurrentUser(), false);
    assert.equal(consumerSide.assignedAgent.role, lpm.ParticipantRole.ASSIGNED_AGENT);
    // objects keep their identity: the same participant, dialog and skill objects every time
    assert.equal(consumerSide.assignedAgent, r.participant);
    assert.equal(consumerSide.openDialog, consumerSide.dialogs[0]);
    assert.equal(consumerSide.skill, consumerSide.skill);
    assert.ok(agentSide.assignedAgent.agentId.endsWith(agent.agentId.split('.')[1]));
  });

  it('events bubble to the conversation and the connection (conversation:message) at once', async () => {
    const { cons, consumerSide, agentSide } = await joined('scn-bubble');
    const onConnection = once(cons, 'conversation:message', { pred: (e) => e.message.body === 'bubbles' });
    const onConversation = once(consumerSide, 'message', { pred: (m) => m.body === 'bubbles' });
    const onDialog = once(consumerSide.openDialog, 'message', { pred: (m) => m.body === 'bubbles' });
    await agentSide.sendMessage('bubbles');
    const [e, m, d] = await Promise.all([onConnection, onConversation, onDialog]);
    assert.equal(e.conversation, consumerSide);
    assert.equal(e.message, m);
    assert.equal(d, m);
  });

  it('a message nobody listens to makes no facade; a listener added later gets the next one', async () => {
    const { agent, consumerSide, agentSide } = await joined('scn-unheard');
    const before = agent._facadeCounts().messages;
    // how many messages the agent's core holds, read without making facades
    const held = () => JSON.parse(agent._core().dialog(agentSide.conversationId)).sequences.length;
    const heldBefore = held();
    await consumerSide.sendMessage('unheard');
    // the publish is acknowledged before the agent gets it: wait until its core has it
    await until(() => held() > heldBefore, { what: "the agent's core holding 'unheard'" });
    const heard = once(agentSide, 'message', { pred: (m) => m.body === 'heard' });
    await consumerSide.sendMessage('heard');
    const m = await heard;
    assert.equal(agent._facadeCounts().messages, before + 1, 'one facade: the heard message');
    assert.equal(agentSide.getLatestConsumerMessage(), m, 'the same object when asked again');
  });

  it('a live message arrives with its stored fields: reading them asks the core nothing more', async () => {
    const { agent, consumerSide, agentSide } = await joined('scn-inline');
    const core = agent._core();
    let asked = 0;
    const messageContent = core.messageContent.bind(core);
    core.messageContent = (...args) => {
      asked++;
      return messageContent(...args);
    };
    try {
      const got = once(agentSide, 'message', { pred: (m) => m.body === 'inline' });
      await consumerSide.sendMessage('inline', [{ type: 'ExternalId', id: '7' }]);
      const m = await got;
      assert.deepEqual([m.body, m.contentType, m.metadata], ['inline', 'text/plain', [{ type: 'ExternalId', id: '7' }]]);
      assert.equal(m.conversation, agentSide);
      assert.equal(asked, 0, 'no messageContent call for a live message');
    } finally {
      core.messageContent = messageContent;
    }
  });

  it('private messages reach agents and not the consumer', async () => {
    const { consumerSide, agentSide } = await joined('scn-private');
    const seenByAgent = once(agentSide, 'message', { pred: (m) => m.body === 'secret note' });
    let consumerSaw = false;
    consumerSide.on('message', (m) => (consumerSaw ||= m.body === 'secret note'));
    await agentSide.sendPrivateMessage('secret note');
    const m = await seenByAgent;
    assert.equal(m.messageAudience, 'AGENTS_AND_MANAGERS');
    // a later public message arrives; the private one never did
    const after = once(consumerSide, 'message', { pred: (x) => x.body === 'public' });
    await agentSide.sendMessage('public');
    await after;
    assert.equal(consumerSaw, false);
  });

  it('metadata and quick replies travel with the message', async () => {
    const { consumerSide, agentSide } = await joined('scn-meta');
    const got = once(consumerSide, 'message', { pred: (m) => m.body === 'choose' });
    const quickReplies = { type: 'quickReplies', itemsPerRow: 1, replies: [{ type: 'button', title: 'yes', click: { actions: [{ type: 'publishText', text: 'yes' }] } }] };
    await agentSide.sendMessage('choose', [{ type: 'ExternalId', id: '42' }], quickReplies);
    const m = await got;
    assert.deepEqual(m.metadata, [{ type: 'ExternalId', id: '42' }]);
    assert.equal(m.quickReplies.type, 'quickReplies');
  });

  it('typing state reaches the other side as chatStateChange', async () => {
    const { consumerSide, agentSide } = await joined('scn-typing');
    const typing = once(consumerSide.assignedAgent, 'chatStateChange', { pred: (s) => s === 'COMPOSING' });
    await agentSide.openDialog.setChatState(lpm.ParticipantChatState.COMPOSING);
    assert.equal(await typing, 'COMPOSING');
    assert.equal(consumerSide.assignedAgent.chatState, 'COMPOSING');
  });

  it('files: upload a Node.js Buffer (not only an ArrayBuffer), download the same bytes', async () => {
    const { consumerSide, agentSide } = await joined('scn-files');
    const bytes = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const got = once(agentSide, 'message', { pred: (m) => m.isDownloadable });
    const up = await consumerSide.uploadFile(bytes, 'a picture');
    assert.match(up.relativePath, /\.PNG$/);
    const m = await got;
    assert.equal(m.caption, 'a picture');
    assert.equal(m.fileType, 'PNG');
    // the core recognised the type and drew a thumbnail
    assert.match(m.preview, /^data:image\/jpeg;base64,/);
    const { data, filename } = await m.downloadFile();
    assert.ok(Buffer.isBuffer(data));
    assert.deepEqual(Buffer.from(data), bytes);
    assert.match(filename, /\.PNG$/);
  });

  it('brand getToken returns the bearer; consumer token reuse resumes the identity', async () => {
    const a = brand('scn-token');
    await a.open();
    assert.ok((await a.getToken()).length > 10);
    const c1 = consumer();
    await c1.open();
    const token = await c1.getToken();
    const conv = await c1.createConversation();
    await c1.close();
    const c2 = consumer({ token, waitForReady: true });
    await c2.open();
    assert.equal(c2.userId, c1.userId);
    assert.ok(c2._conversations.has(conv.conversationId));
  });

  it('a dropped socket reconnects and the conversation keeps working', async () => {
    const { cons, consumerSide, agentSide } = await joined('scn-reconnect');
    const disconnected = once(cons, 'disconnect');
    const reconnected = once(cons, 'reconnect', { timeout: 20_000 });
    await control('/ums/sockets/close', {});
    const d = await disconnected;
    assert.equal(typeof d.code, 'string');
    await reconnected;
    assert.equal(cons.state, lpm.ConnectionState.CONNECTED);
    const got = once(agentSide, 'message', { pred: (m) => m.body === 'after the drop', timeout: 20_000 });
    await consumerSide.sendMessage('after the drop');
    await got;
  });

  it('error: refused brand credentials reject open() with an AuthError (no endless retry)', async () => {
    const first = brand('scn-auth');
    await first.open();
    await first.close();
    const wrong = connect({ userType: lpm.UserType.BRAND, authData: { username: 'scn-auth', password: 'not-the-password' } });
    await assert.rejects(within(wrong.open(), 15_000, 'open()'), (err) => {
      assert.ok(err instanceof lpm.AuthError, `${err.name}: ${err.message}`);
      assert.equal(err.kind, 'auth');
      assert.equal(err.code, 401);
      assert.doesNotMatch(err.message, /not-the-password/);
      return true;
    });
  });

  it('error: a request without an answer rejects with a TimeoutError after responseTimeout', async () => {
    const c = consumer({ responseTimeout: 300 });
    await c.open();
    const conv = await c.createConversation();
    await control('/faults', { kind: 'ums:ms.PublishEvent', delayMs: 3000 });
    await assert.rejects(conv.sendMessage('slow'), (err) => {
      assert.ok(err instanceof lpm.TimeoutError, `${err.name}: ${err.message}`);
      assert.match(err.message, /within 300 ms/);
      return true;
    });
  });

  it('error: a server refusal is a UmsError with the code', async () => {
    const c = consumer();
    await c.open();
    await assert.rejects(c.send({ type: 'ms.PublishEvent', body: { dialogId: 'no-such-dialog', event: { type: 'ContentEvent', contentType: 'text/plain', message: 'x' } } }), (err) => {
      assert.ok(err instanceof lpm.UmsError, `${err.name}: ${err.message}`);
      assert.ok(err.code >= 400);
      return true;
    });
  });

  it('error: unreachable platform with maintainConnection false rejects open()', async () => {
    const c = lpm.createConnection({ accountId, userType: 'consumer', csdsUrl: 'http://127.0.0.1:9', maintainConnection: false, connectTimeout: 2000 });
    c.on('error', () => {});
    await assert.rejects(within(c.open(), 10_000, 'open()'), (err) => err instanceof lpm.ConnectionError);
  });

  it('serialize and loadConversation move a conversation to another connection (bodies hashed)', async () => {
    const { consumerSide, agentSide } = await joined('scn-persist');
    const got = once(agentSide, 'message', { pred: (m) => m.body === 'remember me' });
    await consumerSide.sendMessage('remember me');
    await got;
    const json = agentSide.serialize();
    assert.doesNotMatch(json, /remember me/);
    const other = lpm.createConnection({ accountId, userType: lpm.UserType.BRAND, connectionType: lpm.ConnectionType.NULL });
    const loaded = other.loadConversation(json);
    assert.equal(loaded.conversationId, agentSide.conversationId);
    assert.equal(other._conversations.get(loaded.conversationId), loaded);
    assert.equal(loaded.openDialog.messages.length, agentSide.openDialog.messages.length);
    assert.equal(loaded.unload(), true);
    assert.equal(other._conversations.size, 0);
  });

  it('statistics, agent state and routing subscription (brand)', async () => {
    const a = brand('scn-stats');
    await a.open();
    await a.setAgentState({ agentState: lpm.AgentState.ONLINE });
    assert.equal(a.agentState, 'ONLINE');
    const sub = await a.createRoutingTaskSubscription();
    assert.ok(sub instanceof lpm.RoutingTaskSubscription);
    assert.equal(sub.state, 'subscribed');
    const stats = await a.getMessageStatisticsForBrand();
    for (const k of ['active', 'pending', 'unassigned', 'overdue', 'soonToOverdue']) assert.equal(typeof stats[k], 'number', k);
  });
});
