// Seed: Messages — plain text, rich text, private message, markdown, metadata, quick replies.
const { lpm, brandConversation } = require('./_context');

(async () => {
const { conversation, close } = await brandConversation({ name: 'messages-agent', role: lpm.ParticipantRole.ASSIGNED_AGENT });
const richTextObject = { type: 'vertical', elements: [{ type: 'text', text: 'rich hello' }] };
{
// --- sample (unchanged) ---
// plain text
await conversation.sendMessage('hello');

// rich text
await conversation.sendRichText(richTextObject);

// brand connections can send private messages to a conversation that consumers will not see
await conversation.sendPrivateMessage('this is private');
}
{
// --- sample (unchanged) ---
await conversation.sendMessage('view our docs #md#[here](https://developers.liveperson.com)#/md#');
}
{
// --- sample (unchanged) ---
// TODO: ensure the metadata structure conforms to a valid metadata definition based on type
const metadata = {
    type: 'ExternalId',
    id: '123'
};
await conversation.sendMessage('external action 123 was taken', metadata);
}
{
// --- sample (unchanged) ---
const metadata1 = {type: 'ExternalId',id: '1'};
const metadata2 = {type: 'ExternalId',id: '2'};
await conversation.sendMessage('external action 123 was taken', [metadata1, metadata2]);
}
{
// --- sample (unchanged) ---
// TODO: ensure the quickreplies structure conforms to a valid definition
const quickReplies = {
    "type": "quickReplies",
    "itemsPerRow": 3,
    "replies": [
        // TODO: insert quickreplies objects here
    ]
};
await conversation.sendMessage('here are some quick replies', null, quickReplies);
}
// --- end of samples ---
console.log(`sent; the dialog now holds ${conversation.openDialog.messages.length} messages`);
await close();
})().catch(err => { console.error(err); process.exitCode = 1; });
