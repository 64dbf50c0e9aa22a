// Timing ("metrics") events, the `timeout` event and mockStepUp against lpm platform.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startPlatform } from './support/platform.mjs';
import { once } from './support/wait.mjs';

const require = createRequire(import.meta.url);
const lpm = require('lp-messaging-sdk');
const accountId = '12345678';

let platform;
const open = [];
function connect(options) {
  const c = lpm.createConnection({ appId: 'timing_test', accountId, ...options });
  c.on('error', () => {});
  open.push(c);
  return c;
}

async function control(path, body) {
  const res = await fetch(`${platform.csdsUrl}/_lpm${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.ok(res.ok, `${path}: ${res.status}`);
}

/** Records every `*#request` / `*#response` / `*#error` event of `c` as [name, payload]. */
function record(c) {
  const seen = [];
  const emit = c.emit.bind(c);
  c.emit = (name, ...args) => {
    if (typeof name === 'string' && /#(request|response|error)$/.test(name)) seen.push([name, args[0]]);
    return emit(name, ...args);
  };
  // The core times UMS frames only while some timing listener exists (nobody hears them
  // otherwise); this one stands for the test's.
  c.on('recorded#response', () => {});
  return seen;
}

function claims(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
}

describe('timing events', () => {
  before(async () => {
    platform = await startPlatform();
  });
  after(async () => {
    for (const c of open) await c.close().catch(() => {});
    await platform?.stop();
  });

  it('a consumer emits v3 request names with {start, end, request, response} and no JWT', async () => {
    const c = connect({ userType: lpm.UserType.CONSUMER });
    const seen = record(c);
    const published = once(c, 'ms.PublishEvent#response');
    const requested = once(c, 'ms.PublishEvent#request');
    await c.open();
    const conv = await c.createConversation();
    await conv.sendMessage('timed');
    const req = await requested;
    const res = await published;
    assert.deepEqual(Object.keys(req).sort(), ['request', 'start']);
    assert.equal(req.request.type, 'ms.PublishEvent');
    assert.equal(req.request.body.event.message, 'timed');
    assert.equal(res.start, req.start);
    assert.ok(res.end >= res.start);
    assert.equal(res.response.kind, 'resp');
    assert.equal(res.response.reqId, req.request.id);
    const names = seen.map(([n]) => n);
    for (const n of ['getConsumerToken#request', 'getConsumerToken#response', 'connect#request', 'connect#response', 'InitConnection#request', 'InitConnection#response', 'cm.ConsumerRequestConversation#response']) {
      assert.ok(names.includes(n), `${n} missing from ${names}`);
    }
    const init = seen.find(([n]) => n === 'InitConnection#request')[1];
    assert.equal(init.request.headers[0].jwt, '<redacted>');
    const token = await c.getToken();
    assert.ok(!JSON.stringify(seen).includes(token), 'the JWT leaked into a timing event');
  });

  it('a brand connection emits .ams names and getAgentToken#request without the answer (not the 1.5.4 mix-up)', async () => {
    const b = connect({ userType: lpm.UserType.BRAND, authData: { username: 'timer', password: 'timer-pw' } });
    const seen = record(b);
    await b.open();
    const names = seen.map(([n]) => n);
    assert.deepEqual(names.slice(0, 2), ['getAgentToken#request', 'getAgentToken#response']);
    assert.deepEqual(Object.keys(seen[0][1]).sort(), ['request', 'start']);
    assert.equal(seen[1][1].response.status, 200);
    assert.ok(names.includes('.ams.userprofile.GetUserProfile#response'), `${names}`);
    const all = JSON.stringify(seen);
    assert.ok(!all.includes('timer-pw'), 'password leaked');
    assert.ok(!all.includes(await b.getToken()), 'bearer leaked');
  });

  it('a failed shift-status poll is getShiftStatus#error with the error and its times', async () => {
    await control('/faults', { kind: 'http:shift_status', status: 503, body: { error: 'busy' } });
    const b = connect({ userType: lpm.UserType.BRAND, authData: { username: 'shifty', password: 'pw' }, pollShiftStatus: true });
    const failed = once(b, 'getShiftStatus#error');
    await b.open();
    const err = await failed;
    assert.ok(err instanceof lpm.LpmError, String(err));
    assert.equal(err.code, 503);
    assert.ok(err.end >= err.start);
    assert.deepEqual(err.response, { status: 503 });
  });

  it('UMS frames are timed only while a timing listener exists', async () => {
    const c = connect({ userType: lpm.UserType.CONSUMER });
    const seen = [];
    const emit = c.emit.bind(c);
    c.emit = (name, ...args) => {
      if (typeof name === 'string' && name.includes('#')) seen.push(name);
      return emit(name, ...args);
    };
    await c.open();
    const conv = await c.createConversation();
    await conv.sendMessage('unheard');
    assert.ok(!seen.some((n) => n.startsWith('ms.PublishEvent')), `${seen}`);
    assert.ok(seen.includes('connect#response'), 'connection timings are always made');
    const heard = once(c, 'ms.PublishEvent#response');
    await conv.sendMessage('heard');
    const t = await heard;
    assert.equal(t.request.type, 'ms.PublishEvent');
    assert.ok(t.end >= t.start);
  });

  it('a request without an answer emits timeout with the TimeoutError', async () => {
    const c = connect({ userType: lpm.UserType.CONSUMER, responseTimeout: 300 });
    await c.open();
    const conv = await c.createConversation();
    await control('/faults', { kind: 'ums:ms.PublishEvent', delayMs: 3000 });
    const timedOut = once(c, 'timeout');
    await assert.rejects(conv.sendMessage('slow'), lpm.TimeoutError);
    const err = await timedOut;
    assert.ok(err instanceof lpm.TimeoutError);
    assert.equal(err.requestType, 'ms.PublishEvent');
  });
});

describe('mockStepUp', () => {
  before(async () => {
    platform = await startPlatform();
  });
  after(async () => {
    for (const c of open) await c.close().catch(() => {});
    await platform?.stop();
  });

  it('steps an unauthenticated consumer up to the named mock customer and keeps its conversation', async () => {
    const c = connect({ userType: lpm.UserType.CONSUMER, unauthConnectorId: '1111' });
    await c.open();
    const before = c.userId;
    const conv = await c.createConversation();
    await c.mockStepUp('2222', 'Jo');
    assert.notEqual(c.userId, before);
    const jwt = await c.getToken();
    assert.equal(claims(jwt)['lp.ext'].sub, 'Jo');
    assert.equal(claims(jwt).sub, c.userId);
    await conv.sendMessage('as Jo');
  });

  it('is refused on a brand connection', async () => {
    const b = connect({ userType: lpm.UserType.BRAND, authData: { username: 'mocker', password: 'pw' } });
    await b.open();
    await assert.rejects(b.mockStepUp('2222', 'Jo'), (e) => e instanceof lpm.LpmError && /consumer/.test(e.message));
  });
});
