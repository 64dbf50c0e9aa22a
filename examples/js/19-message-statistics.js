// Seed: Message statistics.
const { lpm, accountId, helperAuth } = require('./_context');

(async () => {
const connection = lpm.createConnection({ appId: 'quick_start', accountId, userType: lpm.UserType.BRAND, authData: helperAuth('stats-agent') });
await connection.open();
// --- sample (unchanged) ---
const userData = await connection.getMessageStatisticsForUser();
const brandData = await connection.getMessageStatisticsForBrand();
// --- end of sample ---
console.log(`user ${JSON.stringify(userData)} brand ${JSON.stringify(brandData)}`);
await connection.close();
})().catch(err => { console.error(err); process.exitCode = 1; });
