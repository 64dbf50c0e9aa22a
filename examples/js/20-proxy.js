// Seed: Using proxies (configureProxy, then removeProxy). Both samples as written.
(async () => {
{
// --- sample (unchanged) ---
const lpm = require("lp-messaging-sdk");

const proxy = {
    host: 'yourHost.com',
    port: 8080,
    protocol: 'http',
    path: 'user/1',
    auth: {
      username: 'username',
      password: 'password',
    }
};

lpm.configureProxy(proxy);

const connection = lpm.createConnection({
    appId: 'quick_start', // TODO: please change to something unique to your application
    accountId: '12345678',
    userType: lpm.UserType.BRAND,
});
// --- end of sample ---
console.log(`connection created behind the proxy: ${connection.state}`);
}
{
// --- sample (unchanged) ---
const lpm = require("lp-messaging-sdk");

lpm.removeProxy();
// --- end of sample ---
console.log('proxy removed');
}
})().catch(err => { console.error(err); process.exitCode = 1; });
