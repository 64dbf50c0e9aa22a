// Seed: Conversation Events — close, transfer-skill, transfer-agent, back-to-queue,
// consumer-step-up, participant-added, participant-removed. The hooks are registered as
// written on a conversation the bot joined; the context then makes some of them fire.
const { lpm, brandConversation, waitFor } = require('./_context');

(async () => {
const { connection, conversation, consumerSide, close } = await brandConversation({ name: 'events-agent', role: lpm.ParticipantRole.ASSIGNED_AGENT });
const fired = [];
// --- samples (unchanged) ---
conversation.on('close', async () => {
    // TODO: close action
    fired.push('close');
});

conversation.on('transfer-skill', async () => {
    
    // if the new skill is in off hours
    if (conversation.skill.isInOffHours()) {
        
        // join the conversation and send a message to inform the consumer
        await conversation.join(lpm.ParticipantRole.AGENT);
        await conversation.sendMessage('we are in off hours, would you like to wait?');
    }
    fired.push('transfer-skill');
});

conversation.on('transfer-agent', async () => {
    fired.push('transfer-agent');
});

conversation.on('back-to-queue', async () => {
    fired.push('back-to-queue');
});

conversation.on('consumer-step-up', async () => {
    fired.push('consumer-step-up');
});

// listen for new participants on the conversation
conversation.on('participant-added', async addedParticipant => {

    // if a manager joins, send a private message that is hidden from the consumer
    if (addedParticipant.participant.role === lpm.ParticipantRole.MANAGER) {
        await conversation.sendPrivateMessage('a manager has joined the conversation');
    }
    fired.push('participant-added');
});

conversation.on('participant-removed', async (removedParticipant) => {
    fired.push('participant-removed');
});
// --- end of samples ---

// a manager joins: participant-added, and the hook sends a private message
const manager = lpm.createConnection({ appId: 'quick_start', accountId: connection.accountId, userType: lpm.UserType.BRAND, authData: { username: 'events-manager', password: 'pw' } });
await manager.open();
const managed = manager._conversations.get(conversation.conversationId) ||
  await waitFor(manager, 'conversation', (c) => c.conversationId === conversation.conversationId);
const privateMessage = waitFor(conversation, 'message', (m) => m.messageAudience === 'AGENTS_AND_MANAGERS');
await managed.join(lpm.ParticipantRole.MANAGER);
await privateMessage;
// the manager leaves: participant-removed
const removed = waitFor(conversation, 'participant-removed');
await managed.leave();
await removed;
// the consumer closes: close
const closed = waitFor(conversation, 'close');
await consumerSide.close();
await closed;
// another conversation, transferred to another skill: transfer-skill
const second = await brandConversation({ name: 'events-agent-2', role: lpm.ParticipantRole.MANAGER });
const transferred = waitFor(second.conversation, 'transfer-skill');
await second.conversation.transfer({ skillId: '2222' });
await transferred;
fired.push('transfer-skill (second conversation)');
await second.close();
console.log(`events fired: ${fired.join(', ')}`);
await manager.close();
await close();
})().catch(err => { console.error(err); process.exitCode = 1; });
