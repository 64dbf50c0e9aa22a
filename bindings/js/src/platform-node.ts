/**
 * Node.js I/O: `ws` websockets (they carry upgrade headers), `fetch` (undici's when a proxy is
 * configured), the wasm read synchronously from disk, `LPM_CSDS_URL` from the environment.
 * @internal
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { ProxyAgent, fetch as undiciFetch } from 'undici';
import { initSync } from '../pkg/lpm_wasm.js';
import { isCertificateFailure } from './failure.js';
import type { HttpAnswer, Platform, SocketHandle, SocketHandlers } from './platform.js';
import { proxyUrl } from './proxy.js';

declare const __dirname: string | undefined;

function wasmPath(): string {
  if (typeof __dirname === 'string') return join(__dirname, 'lpm_wasm_node_bg.wasm');
  return fileURLToPath(new URL('./lpm_wasm_node_bg.wasm', import.meta.url));
}

let loaded = false;

function load(): void {
  if (loaded) return;
  initSync({ module: readFileSync(wasmPath()) });
  loaded = true;
}

function openSocket(url: string, headers: [string, string][], h: SocketHandlers): SocketHandle {
  const proxy = proxyUrl();
  // No TCP_NODELAY option here: `ws` turns Nagle off on every socket it opens (setNoDelay()).
  const ws = new WebSocket(url, {
    headers: Object.fromEntries(headers),
    ...(proxy ? { agent: new HttpsProxyAgent(proxy) } : {}),
  });
  let opened = false;
  let failed = false;
  ws.on('open', () => {
    opened = true;
    h.opened();
  });
  ws.on('unexpected-response', (_req, res) => {
    failed = true;
    h.failed(res.statusCode ?? 0, `upgrade refused with HTTP ${res.statusCode}`);
    ws.terminate();
  });
  ws.on('error', (err) => {
    if (!opened && !failed) {
      failed = true;
      h.failed(0, (err as NodeJS.ErrnoException).code ?? err.message, isCertificateFailure(err));
    }
  });
  ws.on('message', (data, isBinary) => {
    // a Buffer unless binaryType was changed; the bytes go to the core undecoded
    if (!isBinary) h.text(Buffer.isBuffer(data) ? data : data.toString());
  });
  ws.on('close', (code, reason) => {
    if (opened) h.closed(code, reason.toString());
    else if (!failed) {
      failed = true;
      h.failed(0, `closed before opening (code ${code})`);
    }
  });
  return {
    send: (text) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    close: (code, reason) => {
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else if (ws.readyState === WebSocket.OPEN) ws.close(code >= 3000 || code === 1000 ? code : 1000, reason);
    },
  };
}

async function http(method: string, url: string, headers: [string, string][], body: Uint8Array | undefined, timeoutMs: number): Promise<HttpAnswer> {
  const proxy = proxyUrl();
  const init = { method, headers, body: body as unknown as BodyInit | undefined, signal: AbortSignal.timeout(timeoutMs) };
  const res = proxy
    ? await undiciFetch(url, { ...(init as object), dispatcher: new ProxyAgent(proxy) } as Parameters<typeof undiciFetch>[1])
    : await fetch(url, init);
  const out: [string, string][] = [];
  res.headers.forEach((v, k) => out.push([k, v]));
  return { status: res.status, headers: out, body: new Uint8Array(await res.arrayBuffer()) };
}

/** The Node.js platform. */
export const nodePlatform: Platform = {
  name: 'node',
  ready: async () => load(),
  isReady: () => {
    load();
    return true;
  },
  openSocket,
  http,
  env: (name) => process.env[name],
  holdTimer: (t, hold) => {
    if (hold) t.ref();
    else t.unref();
  },
};
