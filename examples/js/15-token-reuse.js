// Seed: Continuing an anonymous user session between two connections.
const { lpm } = require('./_context');
const { Connection, UserType } = lpm; // the sample uses these without the lpm. prefix

(async () => {
// the sample calls connection.createConversation where it means connection1 (a typo in the
// documentation); this alias lets it run as written
const connection = { createConversation: (...args) => connection1.createConversation(...args) };
// --- sample (unchanged) ---
// open the initial connection
const connection1 = Connection.createConnection({
    userType: UserType.CONSUMER,
    appId: 'quick_start',
    accountId: '123456789'
});
await connection1.open();

// get and store the token
const token = await connection1.getToken();

// create a conv so we can resume it in the 2nd connection
const conversation1 = await connection.createConversation();
await conversation1.sendMessage("hello");

// close connection
await connection1.close();

// open a second connection using the same token
const connection2 = Connection.createConnection({
    userType: UserType.CONSUMER,
    appId: 'quick_start',
    accountId: '123456789',
    token,
    waitForReady: true
});
await connection2.open();

// retrieve the conversation and close it
const conversation2 = Array.from(connection2._conversations.values())[0];
await conversation2.close();

// close connection
await connection2.close();
// --- end of sample ---
console.log(`same conversation: ${conversation2.conversationId === conversation1.conversationId}; messages seen by connection2: ${conversation2.dialogs[0].messages.length}`);
})().catch(err => { console.error(err); process.exitCode = 1; });
