// The web chat's sample agent bot: joins every new conversation as the assigned agent, shows
// a typing indicator, answers each text, and sends every uploaded file back.
// Run: LPM_CSDS_URL=http://127.0.0.1:7400 node examples/web-chat/agent-bot.js
const lpm = require('lp-messaging-sdk');

const connection = lpm.createConnection({
  appId: 'web_chat_bot',
  accountId: process.env.LPM_ACCOUNT_ID || '12345678',
  userType: lpm.UserType.BRAND,
  authData: { username: 'web-chat-bot', password: 'web-chat-bot-password' },
});
connection.on('error', (err) => console.error(err));

connection.on('conversation', async (conversation) => {
  if (conversation.stage !== lpm.ConversationState.OPEN) return;
  await conversation.join(lpm.ParticipantRole.ASSIGNED_AGENT);
  conversation.on('message', async (message) => {
    if (message.participant.role !== lpm.ParticipantRole.CONSUMER) return;
    await message.accept();
    await message.read();
    await conversation.openDialog.setChatState(lpm.ParticipantChatState.COMPOSING);
    // Let the consumer see "typing" for a moment: on a fast link the answer would otherwise
    // replace the indicator before the page ever paints it.
    await new Promise((resolve) => setTimeout(resolve, 400));
    if (message.isDownloadable) {
      const { data } = await message.downloadFile();
      await conversation.uploadFile(data, 'here is your file back');
    } else {
      await conversation.sendMessage(`you said: ${message.body}`);
    }
    await conversation.openDialog.setChatState(lpm.ParticipantChatState.ACTIVE);
  });
});

connection.open().then(() => console.log('bot ready'), (err) => {
  console.error(err);
  process.exitCode = 1;
});
