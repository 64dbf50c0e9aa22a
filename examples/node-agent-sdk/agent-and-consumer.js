// A client written for LivePerson's production servers (the public node-agent-sdk from npm, used
// unchanged) against the local platform: the agent logs in, subscribes, joins the conversation a
// consumer opened, exchanges messages with it and closes it.
//
// The consumer side is a bare websocket client speaking the consumer protocol (v3), like a
// browser chat window would.
//
// Run it against `lpm platform --tls` (see docs/node-agent-sdk.md):
//   NODE_EXTRA_CA_CERTS=<printed .pem> LPM_CSDS_HOST=127.0.0.1:7400 node agent-and-consumer.js
'use strict';

const Agent = require('node-agent-sdk').Agent;
const WebSocket = require('ws');

const csdsDomain = process.env.LPM_CSDS_HOST || '127.0.0.1:7400';
const accountId = process.env.LPM_ACCOUNT || '12345678';
const deadline = setTimeout(() => fail(new Error('timed out after 30 s')), 30000);

function log(who, what) {
  console.log(`${who.padEnd(8)} ${what}`);
}

function fail(err) {
  console.error('FAILED:', err && err.message ? err.message : err);
  process.exit(1);
}

// --- the agent: node-agent-sdk, configured only with the CSDS domain ---------------------------

const agent = new Agent({ accountId, username: 'agent1', password: 'agent1-password', csdsDomain });
let conversationId = null; // set once the consumer has opened its conversation
const seen = new Set(); // conversations the agent's subscription has shown
let joined = false;
let replied = false;

// Notifications on the two sockets race each other, so the agent joins once it has both seen the
// conversation and learnt that it is the consumer's.
function maybeJoin() {
  if (joined || !conversationId || !seen.has(conversationId)) return;
  joined = true;
  log('agent', `sees conversation ${conversationId}, joining`);
  agent.updateConversationField({
    conversationId,
    conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'ASSIGNED_AGENT' }],
  }, (err, resp) => {
    if (err) return fail(err);
    log('agent', `joined: ${resp}`);
  });
}

agent.on('error', fail);
agent.on('connected', () => {
  log('agent', `logged in as ${agent.agentId}, socket open`);
  agent.setAgentState({ availability: 'ONLINE' }, (err) => {
    if (err) return fail(err);
    agent.subscribeExConversations({ convState: ['OPEN'] }, (err, resp) => {
      if (err) return fail(err);
      log('agent', `subscribed to open conversations (${resp.subscriptionId})`);
      startConsumer().catch(fail);
    });
  });
});

agent.on('cqm.ExConversationChangeNotification', (body) => {
  for (const change of body.changes) {
    if (change.type === 'UPSERT') seen.add(change.result.convId);
  }
  maybeJoin();
});

agent.on('ms.MessagingEventNotification', (body) => {
  for (const change of body.changes) {
    const event = change.event || {};
    if (event.type !== 'ContentEvent' || change.__isMe || replied) continue;
    if (change.dialogId !== conversationId) continue;
    replied = true;
    log('agent', `received "${event.message}", replying`);
    agent.publishEvent({
      dialogId: conversationId,
      event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hello from the agent' },
    }, (err) => err && fail(err));
  }
});

// --- the consumer: a bare websocket client ------------------------------------------------------

async function startConsumer() {
  const csds = await getJson(`https://${csdsDomain}/api/account/${accountId}/service/baseURI.json?version=1.0`);
  const hosts = Object.fromEntries(csds.baseURIs.map((s) => [s.service, s.baseURI]));
  const { jwt } = await getJson(`https://${hosts.idp}/api/account/${accountId}/signup`, { method: 'POST' });
  log('consumer', 'signed up anonymously');

  const ws = new WebSocket(`wss://${hosts.asyncMessagingEnt}/ws_api/account/${accountId}/messaging/consumer?v=3`, {
    headers: { Authorization: `jwt ${jwt}` },
  });
  let nextId = 1;
  let sent = false;
  const pending = new Map();
  const request = (type, body) => new Promise((resolve, reject) => {
    const id = String(nextId++);
    pending.set(id, { resolve, reject });
    ws.send(JSON.stringify({ kind: 'req', id, type, body }));
  });

  ws.on('error', fail);
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.kind === 'resp') {
      const p = pending.get(frame.reqId);
      pending.delete(frame.reqId);
      if (p) (frame.code >= 400 ? p.reject(new Error(`${frame.code} ${JSON.stringify(frame.body)}`)) : p.resolve(frame.body));
      return;
    }
    if (frame.type === 'ms.MessagingEventNotification') {
      for (const change of frame.body.changes) {
        const event = change.event || {};
        if (event.type === 'ContentEvent' && change.originatorMetadata && change.originatorMetadata.role !== 'CONSUMER') {
          log('consumer', `received "${event.message}"`);
          log('agent', 'closing the conversation');
          agent.updateConversationField({
            conversationId,
            conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }],
          }, (err) => err && fail(err));
        }
      }
    }
    if (frame.type === 'cqm.ExConversationChangeNotification') {
      for (const change of frame.body.changes) {
        const details = change.result.conversationDetails;
        const hasAgent = (details.participants || []).some((p) => p.role === 'ASSIGNED_AGENT');
        if (change.result.convId === conversationId && hasAgent && !sent) {
          // Agents receive only the messages published after they joined, so wait for one.
          sent = true;
          log('consumer', 'sees the agent join, sending "hello from the consumer"');
          request('ms.PublishEvent', {
            conversationId, dialogId: conversationId,
            event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hello from the consumer' },
          }).catch(fail);
        }
        if (change.result.convId === conversationId && change.result.conversationDetails.stage === 'CLOSE') {
          log('consumer', `conversation closed (closeReason ${change.result.conversationDetails.closeReason})`);
          clearTimeout(deadline);
          ws.close();
          agent.dispose();
          console.log('OK: node-agent-sdk worked against the local platform');
          process.exit(0);
        }
      }
    }
  });
  await new Promise((resolve) => ws.once('open', resolve));
  await request('cqm.SubscribeExConversations', { stage: ['OPEN', 'CLOSE'] });
  const created = await request('cm.ConsumerRequestConversation', {
    ttrDefName: 'NORMAL', channelType: 'MESSAGING', brandId: accountId,
  });
  conversationId = created.conversationId;
  log('consumer', `opened conversation ${conversationId}`);
  await request('ms.SubscribeMessagingEvents', { conversationId, dialogId: conversationId, fromSeq: 0 });
  maybeJoin();
}

async function getJson(url, init) {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init && init.method || 'GET'} ${url}: HTTP ${res.status}`);
  return res.json();
}
