// The module helpers (TokenMaintainer, ShiftStatusPoller, CSDS) and the tokenMaintainer
// connection option, against lpm platform.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { startPlatform } from './support/platform.mjs';
import { once } from './support/wait.mjs';

const require = createRequire(import.meta.url);
const lpm = require('lp-messaging-sdk');
const accountId = '12345678';

let platform;
const cleanup = [];

async function control(path, body) {
  const res = await fetch(`${platform.csdsUrl}/_lpm${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.ok(res.ok, `${path}: ${res.status}`);
}
const revoke = (bearer) => control('/tokens/brand/revoke', { bearer });

function maintainer(name) {
  const m = new lpm.TokenMaintainer({ accountId, authData: { username: name, password: `${name}-pw` } });
  cleanup.push(() => m.stop());
  return m;
}

before(async () => {
  platform = await startPlatform();
});
after(async () => {
  for (const f of cleanup) await f();
  await platform?.stop();
});

describe('tokenMaintainer option', () => {
  it('is validated: a clear ValidationError names the missing members', () => {
    const bad = new EventEmitter();
    bad.getToken = async () => 'x';
    assert.throws(
      () => lpm.createConnection({ accountId, userType: 'brand', tokenMaintainer: bad }),
      (e) => e instanceof lpm.ValidationError && /start, stop, getAuthSessionInfo, onTokenInvalid, agentId, userId/.test(e.message),
    );
    assert.throws(() => lpm.createConnection({ accountId, userType: 'brand', tokenMaintainer: 'token' }), lpm.ValidationError);
    const m = maintainer('validation');
    assert.throws(() => lpm.createConnection({ accountId, userType: 'consumer', tokenMaintainer: m }), (e) => e instanceof lpm.ValidationError && /brand/.test(e.message));
    assert.throws(() => lpm.createConnection({ accountId, userType: 'brand', tokenMaintainer: m, authData: { username: 'a', password: 'b' } }), (e) => e instanceof lpm.ValidationError && /tokenMaintainer/.test(e.message));
  });

  it('a TokenMaintainer: the connection starts it, uses its token, and regenerates through it', async () => {
    const m = maintainer('tm_agent');
    assert.equal(m.state, lpm.TokenMaintainerState.INITIAL);
    const c = lpm.createConnection({ appId: 'helpers_test', accountId, userType: lpm.UserType.BRAND, tokenMaintainer: m });
    c.on('error', () => {});
    cleanup.push(() => c.close().catch(() => {}));
    await c.open();
    assert.equal(m.state, 'STARTED');
    const first = m.token;
    assert.equal(await c.getToken(), first);
    assert.equal(c.agentId, m.agentId);
    assert.match(m.agentId, new RegExp(`^${accountId}\\.\\d+$`));

    // The platform closes the revoked bearer's socket (4401) at once, so either that close or
    // the REST call's 401 reaches the connection first; both tell the source and renew the
    // token. When the close came first the call may meet a reconnecting connection: it is
    // asked again once the connection is back.
    const agentId = m.agentId;
    const invalid = once(m, 'token-invalid');
    const regenerated = once(m, 'token-regenerated');
    const reconnected = once(c, 'reconnect');
    reconnected.catch(() => {}); // only awaited when the close came first
    await revoke(first);
    let stats;
    try {
      stats = await c.getMessageStatisticsForBrand();
    } catch {
      await reconnected;
      stats = await c.getMessageStatisticsForBrand();
    }
    assert.equal(typeof stats.active, 'number');
    const told = await invalid;
    assert.ok(['message-statistics', 'Websocket-close'].includes(told.source), JSON.stringify(told));
    assert.deepEqual(await regenerated, { agentId });
    assert.notEqual(m.token, first);
    assert.equal(await c.getToken(), m.token);
    await c.close();
    assert.equal(m.state, 'STARTED', 'the connection never stops a source');
  });

  it('a bring-your-own source: getToken/getAuthSessionInfo asked, onTokenInvalid told on an auth close', async () => {
    const inner = maintainer('byo_agent');
    inner.start();
    const calls = [];
    const byo = Object.assign(new EventEmitter(), {
      start() { calls.push('start'); },
      stop() { calls.push('stop'); },
      async getToken() { calls.push('getToken'); return inner.getToken(); },
      getAuthSessionInfo() { return inner.getAuthSessionInfo(); },
      onTokenInvalid(source) { calls.push(`invalid:${source}`); inner.onTokenInvalid(source); },
      get agentId() { return inner.agentId; },
      get userId() { return inner.userId; },
    });
    const c = lpm.createConnection({ appId: 'helpers_test', accountId, userType: 'brand', tokenMaintainer: byo });
    c.on('error', () => {});
    cleanup.push(() => c.close().catch(() => {}));
    await c.open();
    const first = await c.getToken();
    assert.deepEqual(calls, ['getToken']);
    const reconnected = once(c, 'reconnect');
    await revoke(first);
    await control('/ums/sockets/close', { code: 4401, reason: 'revoked', account: accountId, side: 'brand' });
    await reconnected;
    assert.ok(calls.includes('invalid:Websocket-close'), calls.join());
    assert.equal(calls.filter((x) => x === 'getToken').length, 2);
    assert.notEqual(await c.getToken(), first);
    assert.ok(!calls.includes('start') && !calls.includes('stop'), calls.join());
  });
});

describe('TokenMaintainer', () => {
  it('logs in with timing events, exposes the session, regenerates once on onTokenInvalid', async () => {
    const m = maintainer('maint_agent');
    const req = once(m, 'getAgentToken#request');
    const res = once(m, 'getAgentToken#response');
    m.start();
    const token = await m.getToken();
    const { start } = await req;
    const timing = await res;
    assert.equal(timing.start, start);
    assert.ok(timing.end >= start);
    const info = await m.getAuthSessionInfo();
    assert.deepEqual(Object.keys(info), ['accountId', 'token', 'sessionId', 'csrf', 'userId', 'userPid']);
    assert.equal(info.accountId, accountId);
    assert.equal(info.token, token);
    assert.equal(m.authSessionInfo.token, token);
    assert.equal(m.agentId, `${accountId}.${m.userId}`);
    const regenerated = once(m, 'token-regenerated');
    m.onTokenInvalid('shift-status');
    m.onTokenInvalid('Websocket-close');
    await regenerated;
    assert.notEqual(await m.getToken(), token);
    assert.throws(() => m.onTokenInvalid('nonsense'), lpm.ValidationError);
  });

  it('stop() rejects getToken and removes listeners; bad options are a ValidationError', async () => {
    const m = maintainer('stop_agent');
    m.on('refresh-token', () => {});
    const pending = m.getToken();
    m.stop();
    await assert.rejects(pending, lpm.StateError);
    assert.equal(m.listenerCount('refresh-token'), 0);
    assert.equal(m.state, 'STOPPED');
    assert.throws(() => new lpm.TokenMaintainer({ accountId }), (e) => e instanceof lpm.ValidationError && /authData or authSessionInfo/.test(e.message));
    assert.throws(() => new lpm.TokenMaintainer({ accountId, authData: { username: 'x' } }), lpm.ValidationError);
  });

  it('a failed login is reported and retried after generate-token-wait', async () => {
    const m = new lpm.TokenMaintainer({ accountId, authData: { username: 'nobody', password: 'pw' }, csdsUrl: 'http://127.0.0.1:1' });
    cleanup.push(() => m.stop());
    const err = once(m, 'error');
    const wait = once(m, 'generate-token-wait');
    m.start();
    assert.ok((await err) instanceof lpm.LpmError);
    assert.deepEqual(await wait, { seconds: 5 });
  });
});

describe('ShiftStatusPoller', () => {
  it('emits shiftStatusData; a 401 regenerates the maintainer token and retries once', async () => {
    const m = maintainer('poll_agent');
    m.start();
    const old = await m.getToken();
    await revoke(old);
    const p = new lpm.ShiftStatusPoller({ accountId, tokenMaintainer: m });
    cleanup.push(() => p.stop());
    const invalid = once(m, 'token-invalid');
    const data = once(p, 'shiftStatusData');
    p.start();
    assert.deepEqual(await invalid, { source: 'shift-status' });
    assert.ok(Array.isArray(await data));
    assert.notEqual(m.token, old);
    p.stop();
  });

  it('a fixed, refused token is a getShiftStatus#error with code 401', async () => {
    const m = maintainer('fixed_agent');
    m.start();
    const token = await m.getToken();
    await revoke(token);
    const p = new lpm.ShiftStatusPoller({ accountId, token });
    cleanup.push(() => p.stop());
    const request = once(p, 'getShiftStatus#request');
    const error = once(p, 'getShiftStatus#error');
    p.start();
    assert.equal(typeof (await request).start, 'number');
    const e = await error;
    assert.ok(e instanceof lpm.LpmError);
    assert.equal(e.code, 401);
    assert.ok(!e.message.includes(token));
    p.stop();
    assert.throws(() => new lpm.ShiftStatusPoller({ accountId }), lpm.ValidationError);
  });
});

describe('CSDS', () => {
  it('looks hosts up, shares concurrent look-ups, caches and clears', async () => {
    assert.equal(lpm.CSDS.defaultHttpProtocol, 'https');
    assert.equal(lpm.CSDS.defaultWebsocketProtocol, 'wss');
    assert.equal(lpm.CSDS.ServiceName.AGENT_VEP, 'agentVep');
    assert.equal(lpm.ServiceName, lpm.CSDS.ServiceName);
    const host = new URL(platform.csdsUrl).host;
    const [a, b] = await Promise.all([lpm.CSDS.lookup(accountId, 'agentVep'), lpm.CSDS.lookup(accountId, 'agentVep')]);
    assert.equal(a, host);
    assert.equal(b, host);
    assert.equal(await lpm.CSDS.lookup(accountId, lpm.CSDS.ServiceName.FACADE_MSG), host);
    lpm.CSDS.clearCache();
    lpm.CSDS.csdsUrl = 'http://127.0.0.1:1';
    await assert.rejects(lpm.CSDS.lookup(accountId, 'idp'), lpm.ConnectionError);
    lpm.CSDS.csdsUrl = undefined;
    assert.equal(await lpm.CSDS.lookup(accountId, 'idp'), host);
    await assert.rejects(lpm.CSDS.lookup('', 'idp'), lpm.ValidationError);
    assert.throws(() => (lpm.CSDS.csdsUrl = 'ftp://x'), lpm.ValidationError);
    lpm.CSDS.csdsUrl = undefined;
  });
});
