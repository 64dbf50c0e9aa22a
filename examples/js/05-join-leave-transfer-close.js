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
  const { conversation, close } = await brandConversation({ name: 'sample-transfer', role: lpm.ParticipantRole.MANAGER });
  try {
  // --- sample (unchanged) ---
  // transfer to a specific skill
  await conversation.transfer({skillId: '1111111'});
  
  // transfer to a specific agent
  await conversation.transfer({agentId: '5555555'});
  // --- end of sample ---
  } catch (err) {
    // agent 5555555 does not exist on the local platform: this is what the user sees
    console.log(`transfer to agent 5555555 refused: ${err.name} ${err.code}: ${err.message}`);
  }
  console.log(`transferred to skill: ${conversation.skill.skillId}`);
  // the same transfer to an agent who exists
  const other = lpm.createConnection({ appId: 'quick_start', accountId: conversation.accountId, userType: lpm.UserType.BRAND, authData: { username: 'sample-transfer-target', password: 'pw' } });
  other.on('error', () => {});
  await other.open();
  await conversation.transfer({agentId: other.agentId});
  console.log(`suggested agent ${other.agentId}`);
  await other.close();
  await close();
}
{
  const { conversation, close } = await brandConversation({ name: 'sample-close', role: lpm.ParticipantRole.ASSIGNED_AGENT });
  // --- sample (unchanged) ---
  await conversation.close();
  // --- end of sample ---
  console.log(`closed: stage ${conversation.stage}`);
  await close();
}
{
  const { connection, conversation: existing, close } = await brandConversation({ name: 'sample-close-by-id', role: lpm.ParticipantRole.ASSIGNED_AGENT });
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
