// Seed: "Features Not yet supported" lists agent state subscriptions, conversation/dialog
// level metadata and AgentRequestConversation. This SDK supports all three; the code below
// shows each (not a seed sample: the seed has none for them). A consumer from the context
// opens the conversation the agent works on.
const { lpm, accountId, helperAuth, consumerConversation, waitFor } = require('./_context');

(async () => {
const connection = lpm.createConnection({appId: 'quick_start', userType: lpm.UserType.BRAND, accountId, authData: helperAuth('proactive-agent')});
connection.on('error', err => console.error(err.message));
await connection.open();

// 1. Agent state subscriptions: every change of this agent's availability (restored after
//    reconnects; `subscribeAgentState({agentId})` watches another agent)
connection.on('agent-state', ({agentId, agentState}) => console.log(`agent-state: ${agentId} is ${agentState}`));
const agentStateSubscription = await connection.subscribeAgentState();
const online = waitFor(agentStateSubscription, 'agent-state', e => e.agentState === lpm.AgentState.ONLINE);
await connection.setAgentState({agentState: lpm.AgentState.ONLINE});
await online;

// 2. Conversation/dialog level metadata: one object or an array, on join, leave, transfer,
//    backToQueue, close, setTTR, setManualETTR, setNote and dialog.close
const { consumer, conversation: consumerSide } = await consumerConversation('where is my order 1234?');
const conversation = connection.getConversationById(consumerSide.conversationId) ||
  await waitFor(connection, 'conversation', c => c.conversationId === consumerSide.conversationId);
await conversation.join(lpm.ParticipantRole.ASSIGNED_AGENT, {type: 'ActionReason', reason: 'order_enquiry'});
await conversation.setNote('asked about order 1234', {type: 'ExternalId', id: 'order-1234'});
await conversation.sendMessage('Let me check and get back to you.');
await conversation.close([{type: 'ActionReason', reason: 'follow_up_promised'}, {type: 'ExternalId', id: 'order-1234'}]);
console.log(`conversation ${conversation.conversationId} closed with metadata`);

// 3. AgentRequestConversation: the agent opens a new conversation with the same consumer
const seenByConsumer = waitFor(consumer, 'conversation', c => c.conversationId !== consumerSide.conversationId);
const followUp = await connection.agentRequestConversation({
  consumerId: consumer.userId,
  context: {type: 'ProactiveContext', originConversationId: conversation.conversationId},
});
await followUp.sendMessage('Hi again! Your order 1234 has shipped.');
const theirs = await seenByConsumer;
console.log(`follow-up conversation ${followUp.conversationId}: stage ${followUp.stage}; the consumer got it: ${theirs.conversationId === followUp.conversationId}`);

await followUp.close({type: 'ActionReason', reason: 'resolved'});
await consumer.close();
await connection.close();
})().catch(err => { console.error(err); process.exitCode = 1; });
