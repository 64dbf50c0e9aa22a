// Seed: Conversations — Create Conversation (default skill, then a specific skill).
const assert = require('node:assert');
const { lpm, accountId } = require('./_context');
// the sample uses a Jest-style assertion
const expect = (actual) => ({ toEqual: (expected) => assert.deepStrictEqual(actual, expected) });

(async () => {
const connection = lpm.createConnection({ appId: 'quick_start', accountId, userType: lpm.UserType.CONSUMER });
await connection.open();
{
// --- sample (unchanged) ---
const conversation = await connection.createConversation();
expect(conversation.skill.skillId).toEqual('-1');
// --- end of sample ---
await conversation.close();
}
{
// --- sample (unchanged) ---
const conversation = await connection.createConversation({skillId: '12345678'});
// --- end of sample ---
console.log(`created in skill ${conversation.skill.skillId}`);
await conversation.close();
}
await connection.close();
})().catch(err => { console.error(err); process.exitCode = 1; });
