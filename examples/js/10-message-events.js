// Seed: Message Events (accept/read), Previous messages, sentByCurrentUser.
const { lpm, brandConversation, waitFor } = require('./_context');

(async () => {
const { conversation, consumerSide, close } = await brandConversation({ name: 'receipts-agent', role: lpm.ParticipantRole.ASSIGNED_AGENT });
// --- sample (unchanged) ---
// listen for messages from the consumer
conversation.on('message', async message => {
    
    // ignore all messages not from the consumer
    if (message.participant.role !== lpm.ParticipantRole.CONSUMER) return;
    
    // indicate that our application has received the message
    await message.accept();
    
    // write the message out to log
    console.log(message.body);
    
    // indicate that the user had read the message
    await message.read();
});
// --- end of sample ---
const read = waitFor(consumerSide, 'message-delivery-event', (msgs) => msgs.some((m) => m.hasAssignedAgentRead()));
await consumerSide.sendMessage('please read this');
await read;
// one more round trip on the agent's socket: the answers to the hook's accept/read came before it
await conversation.openDialog.setChatState(lpm.ParticipantChatState.ACTIVE);
// --- sample (unchanged) ---
for (const message of conversation.openDialog.messages) {
    console.log(message.body);
}
// --- end of sample ---
const message = conversation.openDialog.messages[conversation.openDialog.messages.length - 1];
// --- sample (unchanged) ---
message.sentByCurrentUser();
// --- end of sample ---
console.log(`last message sent by current user: ${message.sentByCurrentUser()}`);
await close();
})().catch(err => { console.error(err); process.exitCode = 1; });
