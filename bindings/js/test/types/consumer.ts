// A strict TypeScript user of the package (no @types installed): type-checked by scripts/check-pack.sh.
import lpm, { createConnection, UserType, ParticipantRole, type Conversation, AuthError } from 'lp-messaging-sdk';
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
}
void main;
