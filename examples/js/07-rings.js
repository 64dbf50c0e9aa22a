// Seed: Agent Routing Tasks aka "Rings". The sample runs as written; the context then has a
// consumer open a conversation, which routing rings to this agent.
const { lpm, accountId, helperAuth, consumerConversation, waitFor } = require('./_context');
const authData = helperAuth('ring-agent');

(async () => {
// --- sample (unchanged) ---
// connect as admin for brand
const connection = lpm.createConnection({appId: 'quick_start', userType: lpm.UserType.BRAND, accountId, authData});
await connection.open();

// agent state must be "ONLINE" in order to receive rings
await connection.setAgentState({agentState: lpm.AgentState.ONLINE});

// subscribe to routing tasks (rings)
const taskRoutingSubscription = await connection.createRoutingTaskSubscription();

// process the rings as they arrive
connection.on('ring', async ring => {
    
    // ignore old rings
    if (ring.ringState !== lpm.RingState.WAITING) return;
    
    // accept the ring
    // full conversation will appear from the connection.on('conversation') event (for now)
    await ring.accept();
    
    // or reject the ring
    // await ring.reject();
});

connection.on('conversation', conversation => {
    console.log('agent has been added to the conversation');
});
// --- end of sample ---
void taskRoutingSubscription;
const rings = [];
connection.on('ring', (r) => rings.push(r));
const { consumer, conversation } = await consumerConversation();
const ring = rings.find((r) => r.conversationId === conversation.conversationId) ||
  await waitFor(connection, 'ring', (r) => r.conversationId === conversation.conversationId);
if (ring.ringState !== lpm.RingState.ACCEPTED) await waitFor(ring, 'accepted');
const assigned = connection._conversations.get(conversation.conversationId);
console.log(`ring ${ring.ringState}; assigned agent: ${assigned && assigned.assignedAgent && assigned.assignedAgent.agentId}`);
await consumer.close();
await connection.close();
})().catch(err => { console.error(err); process.exitCode = 1; });
