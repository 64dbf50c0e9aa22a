// Seed: Commonly Used Features — Application Tracking.
const { lpm } = require('./_context');
const { UserType } = lpm; // the sample uses the enum without the lpm. prefix

(async () => {
// --- sample (unchanged) ---
const consumerConnection = lpm.createConnection({
    appId: 'quick_start',
    appVersion: '1.6.2',
    accountId: '123456',
    userType: UserType.CONSUMER
});
// --- end of sample: show it works ---
await consumerConnection.open();
console.log(`appId=${consumerConnection.appId} appVersion=${consumerConnection.appVersion} state=${consumerConnection.state}`);
await consumerConnection.close();
})().catch(err => { console.error(err); process.exitCode = 1; });
