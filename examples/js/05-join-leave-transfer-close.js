// Seed: Conversation Functions — Join and Leave, Transfer, Close, closeConversation.
const { lpm, brandConversation, waitFor } = require('./_context');

(async () => {
{
  const { connection, conversation, close } = await brandConversation({ name: 'sample-join' });
  // --- sample (unchanged) ---
  await conversation.join(lpm.ParticipantRole.ASSIGNED_AGENT);
  // --- sample (unchanged) ---
  await conversation.leave();
  // --- end of samples ---
  console.log(`joined and left ${conversation.conversationId}`);
  void connection;
  await close();
}
{
  const { conversation, close } = await brandConversation({ name: 'sample-transfer', role: lpm.ParticipantRole.ASSIGNED_AGENT });
  // --- sample (unchanged) ---
  // transfer to a specific skill
  await conversation.transfer({skillId: '1111111'});
  
  // transfer to a specific agent
  await conversation.transfer({agentId: '5555555'});
  // --- end of sample ---
  console.log(`transferred ${conversation.conversationId}`);
  await close();
}
{
  const { conversation, close } = await brandConversation({ name: 'sample-close' });
  // --- sample (unchanged) ---
  await conversation.close();
  // --- end of sample ---
  console.log(`closed: stage ${conversation.stage}`);
  await close();
}
{
  const { connection, conversation: existing, close } = await brandConversation({ name: 'sample-close-by-id' });
  const closed = waitFor(existing, 'close');
  {
  // --- sample (the id is the one of an existing conversation instead of '123456789') ---
  const conversationId = existing.conversationId;
  await connection.closeConversation(conversationId);
  // --- end of sample ---
  }
  await closed;
  console.log(`closed by id: stage ${existing.stage}`);
  await close();
}
})().catch(err => { console.error(err); process.exitCode = 1; });
