/**
 * What differs between Node.js and browsers: loading the wasm, websockets, HTTP, environment.
 * `index.node.ts` and `index.browser.ts` install one implementation at load time.
 * @internal
 * @module
 */

/** Callbacks of one websocket. */
export interface SocketHandlers {
  opened(): void;
  /**
   * `status` > 0 when the server refused the upgrade with that HTTP status; `certificate` when
   * TLS refused the server's certificate.
   */
  failed(status: number, message: string, certificate?: boolean): void;
  /** A text frame: a string, or its UTF-8 bytes as they came (Node.js: no decode to a JS string). */
  text(data: string | Uint8Array): void;
  closed(code: number, reason: string): void;
}

/** One open (or opening) websocket. */
export interface SocketHandle {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** The answer to one HTTP request. */
export interface HttpAnswer {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

/** The I/O one runtime offers. */
export interface Platform {
  /** Node.js or browser. */
  readonly name: 'node' | 'browser';
  /** Resolves (or returns at once in Node.js) when the wasm core is ready. */
  ready(): Promise<void>;
  /** True once the wasm core can be used synchronously. */
  isReady(): boolean;
  openSocket(url: string, headers: [string, string][], h: SocketHandlers): SocketHandle;
  http(method: string, url: string, headers: [string, string][], body: Uint8Array | undefined, timeoutMs: number): Promise<HttpAnswer>;
  /** An environment variable (Node.js only). */
  env(name: string): string | undefined;
  /** Keeps the process from exiting while a timer is armed (Node.js), or not. */
  holdTimer(t: ReturnType<typeof setTimeout>, hold: boolean): void;
  /**
   * Draws an upload's preview with the runtime's own image decoders (the browser consumer
   * build, whose wasm has none); absent where the core draws previews itself. The core holds
   * the result to its preview contract.
   */
  drawPreview?(data: Uint8Array): Promise<string | undefined>;
}

let current: Platform | undefined;

/** Installs the runtime's platform (called once by the entry point). */
export function setPlatform(p: Platform): void {
  current = p;
}

/** The installed platform. */
export function platform(): Platform {
  if (!current) throw new Error('lp-messaging-sdk: no platform installed (import the package entry point)');
  return current;
}
