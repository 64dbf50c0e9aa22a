// Seed: Client Properties, and Conversation Context and Campaign Info.
const { lpm } = require('./_context');
const { UserType } = lpm;

(async () => {
// --- sample (unchanged) ---
const clientProperties = lpm.createClientProperties({
    deviceFamily: lpm.DeviceFamily.DESKTOP,
    deviceManufacturer: 'Apple',
    deviceModel: 'MacBook Pro',
    os: lpm.OS.OSX,
    osName: 'macOS',
    osVersion: '11.6.8',
    ipAddress: '127.0.0.1',
    browser: 'CHROME',
    browserVersion: '47.0',
    timeZone: 'America/Los_Angeles',
    features: [lpm.Features.AUTO_MESSAGES, lpm.Features.PHOTO_SHARING]
});

const consumerConnection = lpm.createConnection({
    appId: 'quick_start',
    accountId: '123456',
    userType: UserType.CONSUMER,
    clientProperties
});

await consumerConnection.open();
// --- end of sample ---
const connection = consumerConnection;
// --- sample (unchanged) ---
const context = {
    type: lpm.ConversationContextType.SHARK,
    lang: 'en-US',
    visitorId: '',
    sessionId: '',
    interactionContextId: '2'
};

const campaignInfo = {
    campaignId: '111',
    engagementId: '222'
};

const conversation = await connection.createConversation({context, campaignInfo});
// --- end of sample ---
console.log(`conversation ${conversation.conversationId}: campaign ${conversation.campaignId}, engagement ${conversation.engagementId}`);
await conversation.close();
await consumerConnection.close();
})().catch(err => { console.error(err); process.exitCode = 1; });
