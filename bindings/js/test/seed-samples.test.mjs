// Every code sample of the seed document (and the sample of the features it lists as not yet
// supported), kept as runnable files under examples/js, run as their own processes against
// `lpm platform` (LPM_CSDS_URL set), as a user would run them.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPlatform } from './support/platform.mjs';
import { runNode, startNode } from './support/run.mjs';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'js');
const require = createRequire(import.meta.url);

// file → what its output must show
const SAMPLES = {
  '01-consumer-quick-start.js': /^"test"$/m,
  '03-application-tracking.js': /appId=quick_start appVersion=1\.6\.2 state=connected/,
  '04-create-conversation.js': /created in skill 12345678/,
  '05-join-leave-transfer-close.js': /joined and left [\s\S]*transfer to agent 5555555 refused: UmsError 400[\s\S]*transferred to skill: 1111111[\s\S]*suggested agent 12345678\.\d+[\s\S]*closed by id: stage CLOSE/,
  '06-resume-conversation.js': /resumed as \S+, stage OPEN/,
  '07-rings.js': /agent has been added to the conversation[\s\S]*ring ACCEPTED; assigned agent: 12345678\.\d+/,
  '08-conversation-events.js': /events fired: participant-added, participant-removed, close, transfer-skill/,
  '09-messages.js': /sent; the dialog now holds [6-9] messages/,
  '10-message-events.js': /please read this[\s\S]*last message sent by current user: false/,
  '11-get-all-messages.js': /getAllPublishEvents: [1-9] message\(s\)[\s\S]*getAllMessages: [1-9] message\(s\) at the conversation event/,
  '12-files-node.js': /uploaded \/v1\/\S+\.PNG; downloaded \S+\.PNG: identical/,
  '13-advanced-send-notifications.js': /^(?=[\s\S]*notification received of type \.ams\.ms\.OnlineEventDistribution)(?=[\s\S]*raw send answered \{"sequence":\d+\})(?=[\s\S]*MY_DIALOG_ID refused: UmsError code=404)/,
  '14-subscriptions.js': /default subscription notifications: received[\s\S]*custom default query: \{"convState":\["OPEN"\],"dialogTypes":\["MAIN"\]\}[\s\S]*defaultSubscription=null[\s\S]*manual subscription \S+: subscribed/,
  '15-token-reuse.js': /same conversation: true; messages seen by connection2: [1-9]/,
  '16-client-properties-context.js': /conversation \S+: campaign/,
  '17-consumer-auth-profiles.js': /authenticated consumer \S+[\s\S]*consumer profile: Ada Lovelace; agent profile: \S+/,
  '18-step-up.js': /stepped up: (\S+) -> (\S+); consumer-step-up \1 -> \2; conversation consumer is the new one: true/,
  '19-message-statistics.js': /user \{"active":\d+,[\s\S]*brand \{"active":\d+/,
  '20-proxy.js': /connection created behind the proxy: initial[\s\S]*proxy removed/,
  '21-agent-state-metadata-proactive.js': /agent-state: 12345678\.\d+ is ONLINE[\s\S]*closed with metadata[\s\S]*follow-up conversation \S+: stage OPEN; the consumer got it: true/,
};

describe('seed samples (examples/js) against lpm platform', () => {
  // a fresh platform for each sample, so no sample sees another's conversations
  let platform;
  beforeEach(async () => {
    platform = await startPlatform();
  });
  afterEach(async () => {
    await platform?.stop();
  });

  for (const [file, expected] of Object.entries(SAMPLES)) {
    it(`${file} runs and exits cleanly`, async () => {
      const r = await runNode(join(examples, file), { cwd: examples });
      assert.equal(r.code, 0, `exit code ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
      assert.match(r.stdout, expected, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
    });
  }

  it('02-agent-bot-quick-start.js answers a consumer with "hello"', async () => {
    const bot = await startNode(join(examples, '02-agent-bot-quick-start.js'), /bot ready/, { cwd: examples });
    const lpm = require('lp-messaging-sdk');
    const consumer = lpm.createConnection({ appId: 'test', accountId: '12345678', userType: lpm.UserType.CONSUMER });
    try {
      await consumer.open();
      const conversation = await consumer.createConversation();
      // the bot joins as AGENT; messages sent before that are not delivered to it
      await new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`the bot did not join; bot output:\n${bot.output()}`)), 20_000);
        conversation.on('participant-added', ({ participant }) => {
          if (participant.role === lpm.ParticipantRole.AGENT) {
            clearTimeout(t);
            resolve();
          }
        });
      });
      const reply = new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no reply; bot output:\n${bot.output()}`)), 20_000);
        conversation.on('message', (m) => {
          if (!m.sentByCurrentUser() && m.body === 'hello') {
            clearTimeout(t);
            resolve(m);
          }
        });
      });
      await conversation.sendMessage('hi bot');
      const m = await reply;
      assert.equal(m.participant.role, lpm.ParticipantRole.AGENT);
      const closed = new Promise((resolve) => {
        const check = () => /conversation closed/.test(bot.output()) && resolve();
        bot.child.stdout.on('data', check);
        check();
      });
      await conversation.close();
      await closed;
      assert.match(bot.output(), /hi bot/);
    } finally {
      await consumer.close().catch(() => {});
      await bot.stop();
    }
  });
});
