// Seed: Advanced Topics — Background Process Errors, Arbitrary websocket requests,
// Notification Events.
const { lpm, brandConversation } = require('./_context');

(async () => {
const { connection, conversation, close } = await brandConversation({ name: 'raw-agent', role: lpm.ParticipantRole.ASSIGNED_AGENT });
// --- sample (unchanged) ---
connection.on('error', err => {
    console.error(err);
});
// --- sample (unchanged) ---
connection.on('notification', notification => {
    console.log(`notification received of type ${notification.type}\n${JSON.stringify(notification.body, null, 2)}`);
})
// --- end of samples ---
{
// --- sample (as written with a real dialog id instead of the placeholder 'MY_DIALOG_ID') ---
const request = {
    type: '.ams.ms.PublishEvent',
    body: {
        dialogId: conversation.openDialog.dialogId,
        event: {
            type: 'ContentEvent',
            contentType: 'text/plain',
            message: 'hello world!'
        }
    }
};

const response = await connection.send(request);
// --- end of sample ---
console.log(`raw send answered ${JSON.stringify(response)}`);
}
{
// the placeholder as written: the server refuses it, and the user sees why
const request = { type: '.ams.ms.PublishEvent', body: { dialogId: 'MY_DIALOG_ID', event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hello world!' } } };
try {
    await connection.send(request);
    console.log('MY_DIALOG_ID accepted');
} catch (err) {
    console.log(`MY_DIALOG_ID refused: ${err.name} code=${err.code}: ${err.message}`);
}
}
await close();
})().catch(err => { console.error(err); process.exitCode = 1; });
