// configureProxy: HTTP (fetch) and websocket traffic of connections go through an HTTP proxy
// (CONNECT tunnels), with basic authentication; resetProxy goes direct again.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect as netConnect } from 'node:net';
import { createRequire } from 'node:module';
import { startPlatform } from './support/platform.mjs';

const require = createRequire(import.meta.url);
const lpm = require('lp-messaging-sdk');

/** A CONNECT proxy that requires `user:pass` and records the targets it tunnelled to. */
function startProxy() {
  const tunnels = [];
  const refused = [];
  const upgrades = [];
  const server = createServer((req, res) => res.writeHead(405).end());
  server.on('connect', (req, socket, head) => {
    const auth = req.headers['proxy-authorization'];
    if (auth !== `Basic ${Buffer.from('user:pa ss').toString('base64')}`) {
      refused.push(req.url);
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
      return;
    }
    tunnels.push(req.url);
    const [host, port] = req.url.split(':');
    const upstream = netConnect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      socket.once('data', (d) => {
        if (/upgrade: websocket/i.test(d.toString('latin1'))) upgrades.push(d.toString('latin1').split(' ')[1].split('?')[0]);
      });
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, tunnels, refused, upgrades, close: () => new Promise((r) => server.close(r)) })));
}

describe('HTTP proxy (Node.js)', () => {
  let platform;
  let proxy;
  before(async () => {
    platform = await startPlatform();
    proxy = await startProxy();
  });
  after(async () => {
    lpm.resetProxy();
    await proxy?.close();
    await platform?.stop();
  });

  it('a consumer connection works entirely through the proxy', async () => {
    lpm.configureProxy({ host: '127.0.0.1', port: proxy.port, protocol: 'http', auth: { username: 'user', password: 'pa ss' } });
    const c = lpm.createConnection({ appId: 'proxy_test', accountId: '12345678', userType: lpm.UserType.CONSUMER });
    await c.open();
    const conv = await c.createConversation();
    await conv.sendMessage('through the proxy');
    await c.close();
    const target = `127.0.0.1:${platform.port}`;
    // CSDS and IDP over fetch, and the websocket, each through a tunnel to the platform
    assert.ok(proxy.tunnels.length >= 2, `tunnels: ${proxy.tunnels}`);
    assert.ok(proxy.tunnels.every((t) => t === target), `tunnels: ${proxy.tunnels}`);
    assert.deepEqual(proxy.refused, []);
    assert.equal(proxy.upgrades.length, 1, 'the websocket went through the proxy');
    assert.match(proxy.upgrades[0], /^\/ws_api\/account\/12345678\/messaging\/consumer$/);
  });

  it('a path is appended to the proxy URL; the traffic still goes through the proxy', async () => {
    lpm.configureProxy({ host: '127.0.0.1', port: proxy.port, path: 'corp/gateway', auth: { username: 'user', password: 'pa ss' } });
    const before = proxy.tunnels.length;
    const c = lpm.createConnection({ appId: 'proxy_test', accountId: '12345678', userType: lpm.UserType.CONSUMER, connectTimeout: 5000 });
    await c.open();
    await c.createConversation();
    await c.close();
    assert.ok(proxy.tunnels.length >= before + 2, `tunnels: ${proxy.tunnels}`);
    assert.deepEqual(proxy.refused, []);
  });

  it('a protocol other than http or https is refused at configureProxy', () => {
    for (const protocol of ['ftp', 'socks5', 'file:']) {
      assert.throws(() => lpm.configureProxy({ host: '127.0.0.1', port: 3128, protocol }), { name: 'TypeError', message: /protocol .* is not supported \(use http or https\)/ });
    }
  });

  it('a host or path ending with / is refused at configureProxy', () => {
    lpm.resetProxy();
    assert.throws(() => lpm.configureProxy({ host: '127.0.0.1/', port: proxy.port }), { name: 'TypeError', message: /host "127\.0\.0\.1\/" must not end with \// });
    assert.throws(() => lpm.configureProxy({ host: '127.0.0.1', port: proxy.port, path: 'corp/' }), { name: 'TypeError', message: /path "corp\/" must not end with \// });
    assert.throws(() => lpm.configureProxy({ host: '127.0.0.1', port: proxy.port, path: 'a?b' }), TypeError);
  });

  it('after resetProxy connections go direct', async () => {
    lpm.resetProxy();
    const before = proxy.tunnels.length;
    const c = lpm.createConnection({ appId: 'proxy_test', accountId: '12345678', userType: lpm.UserType.CONSUMER });
    await c.open();
    await c.close();
    assert.equal(proxy.tunnels.length, before);
  });
});
