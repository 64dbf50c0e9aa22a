// The three features LivePerson's SDK listed as "not yet supported", end to end against
// lpm platform over real sockets: agent-state subscriptions (restored after a reconnect),
// agentRequestConversation, and conversation-/dialog-level request metadata (checked on the
// wire through the `#request` timing events, which carry each request frame as sent).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startPlatform } from './support/platform.mjs';
import { once } from './support/wait.mjs';

const require = createRequire(import.meta.url);
const lpm = require('lp-messaging-sdk');

let platform;
const open = [];
function connect(options) {
  const c = lpm.createConnection({ appId: 'parity_test', accountId: '12345678', ...options });
  c.on('error', () => {});
  open.push(c);
  return c;
}
const brand = (name, extra = {}) => connect({ userType: lpm.UserType.BRAND, authData: { username: name, password: `${name}-pw` }, ...extra });
const consumer = (extra = {}) => connect({ userType: lpm.UserType.CONSUMER, ...extra });

async function control(path, body) {
  const res = await fetch(`${platform.csdsUrl}/_lpm${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.ok(res.ok, `${path}: ${res.status}`);
}

/** The agent's view of a new consumer conversation. */
async function agentSideOf(agent, consumerSide) {
  return agent.getConversationById(consumerSide.conversationId) ??
    (await once(agent, 'conversation', { pred: (c) => c.conversationId === consumerSide.conversationId }));
}

const reason = (r) => ({ type: 'ActionReason', reason: r });

describe('agent-state subscriptions, agentRequestConversation, request metadata (lpm platform)', () => {
  before(async () => {
    platform = await startPlatform();
  });
  after(async () => {
    for (const c of open) await c.close().catch(() => {});
    await platform?.stop();
  });

  it('subscribeAgentState: changes arrive as agent-state events, and again after a reconnect', async () => {
    const accountId = '22223333'; // its own account: the socket drop below touches only it
    const agent = brand('state-agent', { accountId, waitToReconnect: 100 });
    await agent.open();
    const sub = await agent.subscribeAgentState();
    assert.ok(sub instanceof lpm.AgentStateSubscription);
    assert.ok(sub instanceof lpm.ConversationSubscription);
    assert.equal(sub.state, lpm.SubscriptionState.SUBSCRIBED);

    // a supervisor watching this agent
    const supervisor = brand('state-supervisor', { accountId });
    await supervisor.open();
    const watching = await supervisor.subscribeAgentState({ agentId: agent.agentId });

    const onConnection = once(agent, 'agent-state', { pred: (e) => e.agentState === lpm.AgentState.AWAY });
    const onSub = once(sub, 'agent-state', { pred: (e) => e.agentState === lpm.AgentState.AWAY });
    const onSupervisor = once(watching, 'agent-state', { pred: (e) => e.agentState === lpm.AgentState.AWAY });
    await agent.setAgentState({ agentState: lpm.AgentState.AWAY });
    const [a, b, c] = await Promise.all([onConnection, onSub, onSupervisor]);
    assert.deepEqual(a, { agentId: agent.agentId, agentState: 'AWAY' });
    assert.deepEqual(b, a);
    assert.deepEqual(c, a);

    // drop the agent's socket: the subscription comes back with the reconnect
    const firstId = sub.subscriptionId;
    const reconnected = once(agent, 'reconnect');
    await control('/ums/sockets/close', { account: accountId, side: 'brand' });
    await reconnected;
    const again = once(sub, 'agent-state', { pred: (e) => e.agentState === lpm.AgentState.ONLINE });
    await agent.setAgentState({ agentState: lpm.AgentState.ONLINE });
    assert.deepEqual(await again, { agentId: agent.agentId, agentState: 'ONLINE' });
    assert.notEqual(sub.subscriptionId, firstId, 'a new wire subscription after the reconnect');
    assert.equal(sub.state, lpm.SubscriptionState.SUBSCRIBED);
  });

  it('subscribeAgentState is refused on consumer connections and for bad arguments', async () => {
    const cons = consumer();
    await cons.open();
    await assert.rejects(cons.subscribeAgentState(), (err) => err instanceof lpm.StateError && /brand/.test(err.message));
    const agent = brand('state-bad-args');
    await agent.open();
    await assert.rejects(agent.subscribeAgentState(null), lpm.ValidationError);
    await assert.rejects(agent.subscribeAgentState({ agentId: '' }), (err) => err instanceof lpm.ValidationError && /agentId is empty/.test(err.message));
  });

  it('agentRequestConversation opens a conversation with a known consumer', async () => {
    const agent = brand('proactive-agent');
    await agent.open();
    const cons = consumer();
    await cons.open();
    const first = await cons.createConversation();
    await agentSideOf(agent, first);
    await first.close();

    const seenByConsumer = once(cons, 'conversation', { pred: (c) => c.conversationId !== first.conversationId });
    const followUp = await agent.agentRequestConversation({
      consumerId: cons.userId,
      context: { type: 'ProactiveContext', originConversationId: first.conversationId },
    });
    assert.ok(followUp instanceof lpm.Conversation);
    assert.notEqual(followUp.conversationId, first.conversationId);
    assert.equal(followUp.stage, lpm.ConversationState.OPEN, 'held by the connection when the Promise resolves');
    assert.ok(followUp.assignedAgent?.agentId.endsWith(agent.agentId.split('.')[1]), 'the requesting agent is assigned');
    // getDialog(type) is the core's answer (most recently updated dialog of the type).
    assert.equal(followUp.getDialog(lpm.DialogType.MAIN)?.dialogId, followUp.openDialog?.dialogId);
    assert.equal(followUp.getDialog(lpm.DialogType.POST_SURVEY), null);
    const theirs = await seenByConsumer;
    assert.equal(theirs.conversationId, followUp.conversationId);
    const got = once(theirs, 'message', { pred: (m) => m.body === 'following up' });
    await followUp.sendMessage('following up');
    await got;
  });

  it('agentRequestConversation: clear errors for bad input', async () => {
    const agent = brand('proactive-bad-args');
    await agent.open();
    await assert.rejects(agent.agentRequestConversation({ consumerId: '' }), (err) => err instanceof lpm.ValidationError && /consumerId/.test(err.message));
    await assert.rejects(agent.agentRequestConversation({}), (err) => err instanceof lpm.ValidationError && /consumerId/.test(err.message));
    await assert.rejects(agent.agentRequestConversation(), lpm.ValidationError);
    const cons = consumer();
    await cons.open();
    await assert.rejects(cons.agentRequestConversation({ consumerId: 'x' }), (err) => err instanceof lpm.StateError && /brand/.test(err.message));
  });

  it('join, leave, transfer, backToQueue, close, setTTR, setManualETTR, setNote, dialog.close and closeConversation send their metadata', async () => {
    const agent = brand('metadata-agent');
    await agent.open();
    const reasons = [];
    agent.on('.ams.cm.UpdateConversationField#request', ({ request }) => {
      for (const m of request.metadata ?? []) reasons.push(m.reason);
    });
    const cons = consumer();
    await cons.open();

    const conversation = await cons.createConversation();
    const c = await agentSideOf(agent, conversation);
    await c.join(lpm.ParticipantRole.ASSIGNED_AGENT, reason('join'));
    await c.setTTR(lpm.TTRType.URGENT, 0, reason('ttr'));
    await c.setManualETTR(Date.now() + 3_600_000, [reason('ettr')]);
    await c.setNote('vip', reason('note'));
    const queued = once(conversation, 'back-to-queue');
    await c.backToQueue(reason('queue'));
    await queued;
    await c.join(lpm.ParticipantRole.ASSIGNED_AGENT);
    const transferred = once(conversation, 'transfer-skill');
    await c.transfer({ skillId: '1111111', metadata: reason('transfer') });
    assert.deepEqual(await transferred, { skillId: '1111111' });
    await c.join(lpm.ParticipantRole.MANAGER);
    await c.leave(reason('leave'));
    await c.join(lpm.ParticipantRole.MANAGER);
    const closed = once(conversation, 'close');
    await c.close(reason('close'));
    await closed;

    const second = await cons.createConversation();
    const c2 = await agentSideOf(agent, second);
    await c2.openDialog.join(lpm.ParticipantRole.ASSIGNED_AGENT, reason('dialog join'));
    const closed2 = once(second, 'close');
    await c2.openDialog.close(lpm.DialogCloseReason.AGENT, 'done', reason('dialog close'));
    await closed2;

    const third = await cons.createConversation();
    const c3 = await agentSideOf(agent, third);
    // anything but an object or an array of objects is refused before it is sent
    await assert.rejects(c3.join(lpm.ParticipantRole.AGENT, 'escalated'), /metadata must be an object or an array of objects/);
    await assert.rejects(c3.setNote('x', [reason('ok'), 3]), /metadata must be objects/);
    await c3.join(lpm.ParticipantRole.ASSIGNED_AGENT);
    const closed3 = once(third, 'close');
    await agent.closeConversation(third.conversationId, reason('by id'));
    await closed3;

    for (const r of ['join', 'ttr', 'ettr', 'note', 'queue', 'transfer', 'leave', 'close', 'dialog join', 'dialog close', 'by id']) {
      assert.ok(reasons.includes(r), `${r} not sent: ${JSON.stringify(reasons)}`);
    }
    assert.ok(!reasons.includes('ok'), 'nothing of a refused request was sent');
  });
});
