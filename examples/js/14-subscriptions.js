// Seed: The default subscription, defaultSubscriptionQuery, createDefaultSubscription: false,
// and Creating manual subscriptions.
const { lpm, accountId, helperAuth, consumerConversation, waitFor } = require('./_context');

(async () => {
{
  const connection = lpm.createConnection({ appId: 'quick_start', accountId, userType: lpm.UserType.BRAND, authData: helperAuth('subs-agent-1') });
  await connection.open();
  let count = 0;
  // --- sample (unchanged) ---
  connection.defaultSubscription.on('notification', notification => {
      console.log(JSON.stringify(notification));
  });
  // --- end of sample ---
  connection.defaultSubscription.on('notification', () => count++);
  const { consumer, conversation } = await consumerConversation();
  if (!connection._conversations.has(conversation.conversationId)) await waitFor(connection, 'conversation', (c) => c.conversationId === conversation.conversationId);
  console.log(`default subscription notifications: ${count > 0 ? 'received' : 'none'}`);
  await consumer.close();
  await connection.close();
}
{
  const authData = helperAuth('subs-agent-2');
  // --- sample (unchanged) ---
  const connection = lpm.createConnection({
      appId: 'quick_start',
      accountId,
      userType: lpm.UserType.BRAND,
      authData,
      defaultSubscriptionQuery: {state:["OPEN"], dialogTypes:["MAIN"]}
  });
  // --- end of sample ---
  await connection.open();
  console.log(`custom default query: ${JSON.stringify(connection.defaultSubscription.query)}`);
  await connection.close();
}
{
  const authData = helperAuth('subs-agent-3');
  // --- sample (unchanged) ---
  const connection = lpm.createConnection({
      appId: 'quick_start',
      accountId,
      userType: lpm.UserType.BRAND,
      authData,
      createDefaultSubscription: false
  });
  // --- end of sample ---
  await connection.open();
  console.log(`createDefaultSubscription false: defaultSubscription=${connection.defaultSubscription}`);
  // --- sample (unchanged) ---
  const query = {stage:["OPEN"], agentIds:['12345.123456']};
  const waitForReady = false;
  const sub = await connection.createConversationSubscription({query, waitForReady});
  // --- end of sample ---
  console.log(`manual subscription ${sub.subscriptionId}: ${sub.state}`);
  await sub.unsubscribe();
  await connection.close();
}
})().catch(err => { console.error(err); process.exitCode = 1; });
