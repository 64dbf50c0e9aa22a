// Seed: Loading all previous messages — getAllPublishEvents, and the getAllMessages option.
const { lpm, accountId, helperAuth, consumerConversation, waitFor } = require('./_context');

(async () => {
{
  const connection = lpm.createConnection({ appId: 'quick_start', accountId, userType: lpm.UserType.BRAND, authData: helperAuth('history-agent') });
  connection.on('error', (err) => console.error(err));
  const done = new Promise((resolve) => {
  // --- sample (unchanged, with the context's check where the sample says "execute conversation code") ---
  connection.on('conversation', async conversation => {
      await conversation.openDialog.getAllPublishEvents();
      // [execute conversation code]
      if (conversation.openDialog.messages.length > 0) resolve(conversation);
  });
  // --- end of sample ---
  });
  // a conversation with history exists before the bot connects
  const { consumer } = await consumerConversation('history 1');
  await connection.open();
  const conv = await done;
  console.log(`getAllPublishEvents: ${conv.openDialog.messages.length} message(s)`);
  await consumer.close();
  await connection.close();
}
{
  // a conversation with history exists before the bot connects
  const { consumer, conversation } = await consumerConversation('history 2');
  const authData = helperAuth('history-bot');
  // --- sample (unchanged) ---
  const connection = lpm.createConnection({
      appId: 'quick_start', // TODO: please change to something unique to your application
      accountId,
      userType: lpm.UserType.BRAND,
      authData,
      getAllMessages: true
  });
  // --- end of sample ---
  // The conversation event comes once its history is loaded; it may come before or after
  // open() resolves, so the listener is attached first.
  const event = waitFor(connection, 'conversation', (c) => c.conversationId === conversation.conversationId);
  await connection.open();
  const seen = await event;
  console.log(`getAllMessages: ${seen.openDialog.messages.length} message(s) at the conversation event`);
  await consumer.close();
  await connection.close();
}
})().catch(err => { console.error(err); process.exitCode = 1; });
