// Seed: Consumer Step Up.
const { lpm, waitFor } = require('./_context');
const { UserType } = lpm;

(async () => {
const jwtClaimsSet = lpm.createJwtClaimsSet({ sub: 'stepped-up-consumer-1', email: 'stepped@example.com' });
// --- sample (unchanged) ---
const connection = lpm.createConnection({
    appId: 'quick_start',
    appVersion: '1.6.2',
    accountId: '123456',
    userType: UserType.CONSUMER,
    unauthConnectorId: '1234567890'
});
await connection.open();
// --- end of sample ---
const conversation = await connection.createConversation();
await conversation.sendMessage('before login');
const before = connection.userId;
const steppedUp = waitFor(conversation, 'consumer-step-up');
// --- sample (unchanged) ---
const authConnectorId = '0987654321'
await connection.stepUp(authConnectorId, jwtClaimsSet);
// --- end of sample ---
const { previousConsumer, consumer } = await steppedUp;
console.log(`stepped up: ${before} -> ${connection.userId}; consumer-step-up ${previousConsumer.userId} -> ${consumer.userId}; conversation consumer is the new one: ${conversation.consumer.userId === connection.userId}`);
await conversation.close();
await connection.close();
})().catch(err => { console.error(err); process.exitCode = 1; });
