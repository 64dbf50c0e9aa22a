// A strict TypeScript user of the package (no @types installed): type-checked by scripts/check-pack.sh.
import lpm, { createConnection, UserType, ParticipantRole, type Conversation, type ShiftStatus, AuthError, type AgentStateSubscription, type AgentStateChange, type RequestMetadata } from 'lp-messaging-sdk';
async function main(): Promise<void> {
  const c = createConnection({ appId: 'x', accountId: '1', userType: UserType.BRAND, authData: { username: 'a', password: 'b' } });
  c.on('conversation', async (conv: Conversation) => {
    await conv.join(ParticipantRole.AGENT);
    conv.on('message', (m) => console.log(m.body));
    const { sequence } = await conv.sendMessage('hi');
    console.log(sequence + 1);
  });
  try { await c.open(); } catch (e) { if (e instanceof AuthError) console.log(e.code); }
  lpm.configureProxy({ host: 'h', port: 1 });
  // the helpers of sdk-api §1.2 and the tokenMaintainer option
  const m = new lpm.TokenMaintainer({ accountId: '1', authData: { username: 'a', password: 'b' } });
  const bearer: string = await m.getToken();
  const info = await m.getAuthSessionInfo();
  const pid: string | null = info.userPid;
  const viaSource = createConnection({ accountId: '1', userType: UserType.BRAND, tokenMaintainer: m });
  const poller = new lpm.ShiftStatusPoller({ accountId: '1', tokenMaintainer: m });
  poller.on('shiftStatusData', (skills: ShiftStatus[]) => console.log(skills.length));
  const host: string = await lpm.CSDS.lookup('1', lpm.CSDS.ServiceName.AGENT_VEP);
  console.log(bearer, pid, viaSource.state, host, m.state === lpm.TokenMaintainerState.STARTED);
  // agent state subscriptions, agent-initiated conversations, request metadata
  const sub: AgentStateSubscription = await c.subscribeAgentState({ agentId: c.agentId ?? undefined });
  sub.on('agent-state', (e: AgentStateChange) => console.log(e.agentId, e.agentState));
  c.on('agent-state', (e) => console.log(e.agentState.toLowerCase()));
  const followUp: Conversation = await c.agentRequestConversation({ consumerId: 'consumer-1', context: { type: 'ProactiveContext' } });
  const why: RequestMetadata = { type: 'ActionReason', reason: 'escalated_by_bot' };
  await followUp.transfer({ skillId: '12', metadata: why });
  await followUp.backToQueue([why]);
  await followUp.close(why);
}
void main;
