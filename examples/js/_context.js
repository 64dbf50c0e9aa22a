// The context the documentation's samples assume (an open connection, a conversation, the
// account and credentials), built against the platform LPM_CSDS_URL points at. Each sample
// file builds what it needs here, then runs the documentation's code unchanged.
const lpm = require('lp-messaging-sdk');

const accountId = process.env.LPM_ACCOUNT_ID || '12345678';

// the bot credentials of the documentation (the local platform remembers them on first use)
const authData = {
  username: 'bot1',
  appKey: '1a804df636f347bgcb4974a1ea3e2a91',
  secret: 'e15d540710838b40',
  accessToken: 'ccf8gf5bb346f3a95245e9b4798695f2',
  accessTokenSecret: '876c7425f81c5160',
};

/** Brand credentials for a helper user distinct from the sample's own (`name` must be unique per process). */
function helperAuth(name) {
  return { username: name, password: `${name}-password` };
}

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, reject) => (t = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(t));
}

/** Resolves with the first `event` of `emitter` that satisfies `pred`. */
function waitFor(emitter, event, pred = () => true, ms = 15000) {
  let on;
  return withTimeout(
    new Promise((resolve) => {
      on = (...args) => {
        if (pred(...args)) resolve(args[0]);
      };
      emitter.on(event, on);
    }),
    ms,
    `waiting for '${event}'`,
  ).finally(() => emitter.off(event, on));
}

/** An open consumer connection with a new conversation and one message in it. */
async function consumerConversation(text = 'hi, I need help') {
  const consumer = lpm.createConnection({ appId: 'example_consumer', accountId, userType: lpm.UserType.CONSUMER });
  await consumer.open();
  const conversation = await consumer.createConversation();
  await conversation.sendMessage(text);
  return { consumer, conversation };
}

/**
 * An open brand connection (as `name`, or with the documentation's bot credentials) that has
 * received a new consumer conversation; joined with `role` when given.
 */
async function brandConversation({ name, role, options = {} } = {}) {
  const connection = lpm.createConnection({
    appId: 'quick_start',
    accountId,
    userType: lpm.UserType.BRAND,
    authData: name ? helperAuth(name) : authData,
    ...options,
  });
  connection.on('error', () => {});
  await connection.open();
  const { consumer, conversation: consumerSide } = await consumerConversation();
  const conversation = connection._conversations.get(consumerSide.conversationId) ||
    (await waitFor(connection, 'conversation', (c) => c.conversationId === consumerSide.conversationId));
  if (role) await conversation.join(role);
  const close = async () => {
    await consumer.close().catch(() => {});
    await connection.close().catch(() => {});
  };
  return { connection, conversation, consumer, consumerSide, close };
}

module.exports = { lpm, accountId, authData, helperAuth, waitFor, withTimeout, consumerConversation, brandConversation };
