/**
 * Browser I/O: native WebSocket and fetch; the wasm fetched next to the bundle and compiled
 * while it streams in (`WebAssembly.instantiateStreaming`, in wasm-bindgen's loader).
 * @internal
 * @module
 */
import init from '../pkg/lpm_wasm.js';
import type { HttpAnswer, Platform, SocketHandle, SocketHandlers } from './platform.js';

function openSocket(url: string, _headers: [string, string][], h: SocketHandlers): SocketHandle {
  const ws = new WebSocket(url);
  let opened = false;
  ws.onopen = () => {
    opened = true;
    h.opened();
  };
  ws.onmessage = (e) => {
    if (typeof e.data === 'string') h.text(e.data);
  };
  ws.onclose = (e) => {
    if (opened) h.closed(e.code, e.reason);
    else h.failed(0, `websocket could not be opened (code ${e.code})`);
  };
  return {
    send: (text) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    close: (code, reason) => {
      try {
        ws.close(code === 1000 || (code >= 3000 && code < 5000) ? code : 1000, reason);
      } catch {
        /* already closed */
      }
    },
  };
}

async function http(method: string, url: string, headers: [string, string][], body: Uint8Array | undefined, timeoutMs: number): Promise<HttpAnswer> {
  // browsers manage cookies and some headers themselves
  const allowed = headers.filter(([k]) => !/^(cookie|user-agent|content-length|host)$/i.test(k));
  const res = await fetch(url, { method, headers: allowed, body: body as unknown as BodyInit | undefined, signal: AbortSignal.timeout(timeoutMs), credentials: 'omit' });
  const out: [string, string][] = [];
  res.headers.forEach((v, k) => out.push([k, v]));
  return { status: res.status, headers: out, body: new Uint8Array(await res.arrayBuffer()) };
}

/**
 * The browser platform; starts fetching and compiling the wasm at once, so a page renders
 * while it loads. `wasm` is the entry's `new URL('./….wasm', import.meta.url)`, written out
 * in the entry so that bundlers (Vite, webpack, esbuild) see and copy the file.
 *
 * @example
 * ```ts
 * setPlatform(browserPlatform(new URL('./lpm_wasm_bg.wasm', import.meta.url)));
 * ```
 */
export function browserPlatform(wasm: URL, drawPreview?: Platform['drawPreview']): Platform {
  let loaded = false;
  let loading: Promise<void> | undefined;
  const ready = (): Promise<void> =>
    (loading ??= init({ module_or_path: wasm }).then(() => {
      loaded = true;
    }));
  void ready().catch(() => undefined);
  return {
    name: 'browser',
    ready,
    isReady: () => loaded,
    openSocket,
    http,
    env: () => undefined,
    holdTimer: () => undefined,
    ...(drawPreview ? { drawPreview } : {}),
  };
}
