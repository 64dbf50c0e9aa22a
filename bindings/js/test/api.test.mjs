// The module API without a platform: entry points (require and import), enums, factories,
// proxy functions, and the errors a user sees for bad options.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const lpm = require('lp-messaging-sdk');

describe('entry points', () => {
  it('require() gives every function, class and enum, usable at once', () => {
    for (const name of ['createConnection', 'createClientProperties', 'createJwtClaimsSet', 'createCustomerInfoSde', 'createPersonalInfoSde', 'configureProxy', 'resetProxy', 'removeProxy']) {
      assert.equal(typeof lpm[name], 'function', name);
    }
    for (const name of ['Connection', 'Conversation', 'Dialog', 'Message', 'Participant', 'Ring', 'Skill', 'ConversationSubscription', 'RoutingTaskSubscription', 'LpmError', 'TokenMaintainer', 'ShiftStatusPoller']) {
      assert.equal(typeof lpm[name], 'function', name);
    }
    const c = lpm.createConnection({ appId: 'test', accountId: '123', userType: lpm.UserType.CONSUMER });
    assert.ok(c instanceof lpm.Connection);
    assert.equal(c.state, lpm.ConnectionState.INITIAL);
    assert.equal(c._conversations instanceof Map, true);
    assert.equal(c._conversations.size, 0);
  });

  it('import gives named exports and a default export with the same API', async () => {
    const esm = await import('lp-messaging-sdk');
    assert.equal(typeof esm.createConnection, 'function');
    assert.equal(typeof esm.default.createConnection, 'function');
    assert.equal(esm.default.UserType.BRAND, 'brand');
    const c = esm.default.createConnection({ accountId: '123', userType: 'consumer' });
    assert.equal(c.state, 'initial');
  });

  it('Connection.createConnection works as the seed calls it', () => {
    const c = lpm.Connection.createConnection({ userType: lpm.UserType.CONSUMER, appId: 'quick_start', accountId: '123456789' });
    assert.equal(c.accountId, '123456789');
  });
});

describe('enums (sdk-api §15 values)', () => {
  it('has LivePerson values', () => {
    assert.deepEqual(lpm.UserType, { CONSUMER: 'consumer', BRAND: 'brand' });
    assert.equal(lpm.ConnectionType.WEBSOCKET, 'ws');
    assert.equal(lpm.ConnectionState.FAILED_TO_CONNECT, 'failed_to_connect');
    assert.equal(lpm.ConversationContextType.SHARK, 'SharkContext');
    assert.equal(lpm.ParticipantRole.ASSIGNED_AGENT, 'ASSIGNED_AGENT');
    assert.equal(lpm.RingState.WAITING, 'WAITING');
    assert.equal(lpm.AgentState.BACK_SOON, 'BACK_SOON');
    assert.equal(lpm.Features.MARKDOWN_HYPERLINKS, 'MARKDOWN_HYPERLINKS');
    assert.equal(lpm.SubscriptionState.RESUBSCRIBING, 'subscribing');
    assert.deepEqual(Object.keys(lpm.ParticipantChatState), ['ACTIVE', 'INACTIVE', 'GONE', 'COMPOSING', 'PAUSE', 'BACKGROUND', 'REMOVED']);
    assert.equal(lpm.Participant.ParticipantRole, lpm.ParticipantRole);
    assert.ok(Object.isFrozen(lpm.UserType));
  });
});

describe('factories', () => {
  it('createClientProperties fills missing fields with null', () => {
    const p = lpm.createClientProperties({ deviceFamily: lpm.DeviceFamily.DESKTOP, features: [lpm.Features.PHOTO_SHARING] });
    assert.equal(p.deviceFamily, 'DESKTOP');
    assert.deepEqual(p.features, ['PHOTO_SHARING']);
    assert.equal(p.os, null);
    assert.equal(p.timeZone, null);
  });

  it('createJwtClaimsSet builds claims with SDEs and needs a sub', () => {
    const c = lpm.createJwtClaimsSet({ sub: '1', email: 'a@b.c', phoneNumber: '555', sdes: [lpm.createCustomerInfoSde({ customerId: '9' }), lpm.createPersonalInfoSde({ firstname: 'Ada' })] });
    assert.deepEqual(c, { sub: '1', phone_number: '555', email: 'a@b.c', lp_sdes: [{ type: 'ctmrinfo', info: { customerId: '9' } }, { type: 'personal', personal: { firstname: 'Ada' } }] });
    assert.throws(() => lpm.createJwtClaimsSet({}), TypeError);
  });
});

describe('proxy functions', () => {
  it('configureProxy validates; resetProxy and removeProxy remove it', () => {
    assert.throws(() => lpm.configureProxy({ port: 8080 }), /host/);
    lpm.configureProxy({ host: 'proxy.example', port: 8080, auth: { username: 'u', password: 'p' } });
    lpm.resetProxy();
    lpm.configureProxy({ host: 'proxy.example', port: 8080 });
    lpm.removeProxy();
  });
});

describe('bad options: the error a user sees at createConnection', () => {
  const cases = [
    [{ userType: 'consumer' }, /accountId/],
    [{ accountId: '', userType: 'consumer' }, /accountId/],
    [{ accountId: '1', userType: 'visitor' }, /userType|unknown variant/],
    [{ accountId: '1', userType: 'consumer', responseTimout: 5 }, /responseTimout/],
    [{ accountId: '1', userType: 'brand', authData: { username: 'bot', appKey: 'k' } }, /secret|accessToken/],
    [{ accountId: '1', userType: 'consumer', csdsUrl: 'ftp://x' }, /csdsUrl/],
    // the "Bad options" table of the README
    [{ accountId: '1', userType: 'consumer', responseTimeout: 0 }, /responseTimeout/],
    [{ accountId: '1', userType: 'consumer', keepAliveTimeout: 0 }, /keepAliveTimeout/],
    [{ accountId: '../../x?y=1', userType: 'consumer' }, /accountId/],
    [{ accountId: '12 34', userType: 'consumer' }, /accountId/],
    [{ accountId: '1', userType: 'consumer', token: 'not-a-jwt' }, /token/],
  ];
  for (const [options, message] of cases) {
    it(`rejects ${JSON.stringify(options)}`, () => {
      assert.throws(() => lpm.createConnection(options), (err) => {
        assert.ok(err instanceof lpm.ValidationError, `${err.name}: ${err.message}`);
        assert.ok(err instanceof lpm.LpmError);
        assert.ok(err instanceof Error);
        assert.equal(err.kind, 'invalid');
        assert.match(err.message, message);
        return true;
      });
    });
  }

  it('never echoes a secret in the error', () => {
    try {
      lpm.createConnection({ accountId: '1', userType: 'brand', authData: { username: 'bot', appKey: 'k', secret: 'TOPSECRET-1' } });
      assert.fail('should throw');
    } catch (err) {
      assert.doesNotMatch(String(err.message), /TOPSECRET/);
    }
  });

  it('a brand connection without credentials is created, and open() rejects', async () => {
    const c = lpm.createConnection({ appId: 'quick_start', accountId: '12345678', userType: lpm.UserType.BRAND });
    assert.equal(c.state, 'initial');
    await assert.rejects(c.open(), (err) => err instanceof lpm.ValidationError && /authData/.test(err.message));
  });

  it('calling a method before open() rejects with a StateError', async () => {
    const c = lpm.createConnection({ accountId: '1', userType: 'consumer' });
    await assert.rejects(c.createConversation(), (err) => err instanceof lpm.StateError);
  });

  it('processShiftStatusResponse applies shift data to skills on a null connection', async () => {
    const c = lpm.createConnection({ accountId: '1', userType: lpm.UserType.BRAND, connectionType: lpm.ConnectionType.NULL });
    const events = [];
    c.on('skill-entered-off-hours', (s) => events.push(['off', s]));
    c.on('skill-entered-work-hours', (s) => events.push(['on', s]));
    await c.processShiftStatusResponse([{ skillId: '7', onShift: true, nextOn: null, nextOff: 1_900_000_000_000 }]);
    await c.processShiftStatusResponse([{ skillId: '7', onShift: false, nextOn: 1_900_000_000_000, nextOff: null }]);
    await c.processShiftStatusResponse([{ skillId: '7', onShift: true, nextOn: null, nextOff: 1_900_000_000_000 }]);
    // transitions only: the first answer sets the state
    assert.deepEqual(events.map(([k]) => k), ['off', 'on']);
    assert.equal(events[0][1].skillId, '7');
  });
});

describe('fromEnvironment (the identity lpm fleet hands a bot)', () => {
  const base = { LPM_ACCOUNT_ID: '12345678', LPM_USER: 'bot1' };

  it('password and API key identities become brand createConnection options', () => {
    assert.deepEqual(lpm.fromEnvironment({ ...base, LPM_PASSWORD: 'pw' }), {
      accountId: '12345678', userType: 'brand', authData: { username: 'bot1', password: 'pw' },
    });
    const key = lpm.fromEnvironment({
      ...base, LPM_PASSWORD: 'ignored', LPM_APP_KEY: 'k', LPM_SECRET: 's', LPM_ACCESS_TOKEN: 't', LPM_ACCESS_TOKEN_SECRET: 'ts',
    });
    assert.deepEqual(key.authData, { username: 'bot1', appKey: 'k', secret: 's', accessToken: 't', accessTokenSecret: 'ts' });
    const c = lpm.createConnection({ ...lpm.fromEnvironment({ ...base, LPM_PASSWORD: 'pw' }), appId: 'fleet_bot' });
    assert.equal(c.accountId, '12345678');
  });

  it('reads process.env by default', () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, base, { LPM_PASSWORD: 'from-env' });
      delete process.env.LPM_APP_KEY;
      assert.equal(lpm.fromEnvironment().authData.password, 'from-env');
    } finally {
      for (const k of ['LPM_ACCOUNT_ID', 'LPM_USER', 'LPM_PASSWORD']) {
        if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
      }
    }
  });

  it('a missing variable is a ValidationError naming it, never a value', () => {
    assert.throws(() => lpm.fromEnvironment({}), (e) => e instanceof lpm.ValidationError && /LPM_ACCOUNT_ID/.test(e.message));
    assert.throws(() => lpm.fromEnvironment({ ...base }), /LPM_PASSWORD/);
    assert.throws(
      () => lpm.fromEnvironment({ ...base, LPM_APP_KEY: 'topsecretkey' }),
      (e) => /LPM_SECRET/.test(e.message) && !e.message.includes('topsecretkey'),
    );
  });
});
