// Seed: Conversation Functions — Resume conversation.
const { consumerConversation } = require('./_context');

(async () => {
const { consumer, conversation } = await consumerConversation();
await conversation.close();
// --- sample (unchanged) ---
const resumedConversation = await conversation.resumeConversation();
// --- end of sample ---
console.log(`resumed as ${resumedConversation.conversationId}, stage ${resumedConversation.stage}`);
await resumedConversation.close();
await consumer.close();
})().catch(err => { console.error(err); process.exitCode = 1; });
