/**
 * Errors the SDK throws and emits. Every error is an {@link LpmError} with `message`, `code`
 * (server status or close code, when there is one), `kind` and `cause`.
 *
 * @example
 * ```js
 * try { await connection.open(); }
 * catch (err) { if (err instanceof lpm.AuthError) console.error('bad credentials:', err.message); }
 * ```
 * @module
 */

/** The JSON shape the core reports errors in. */
export interface CoreErrorJson {
  kind: string;
  message: string;
  code?: number;
  serverCode?: string;
  requestType?: string;
  conversationId?: string;
  dialogId?: string;
}

/** Base class of every SDK error. */
export class LpmError extends Error {
  /** Family: `auth`, `timeout`, `ums`, `http`, `invalid`, … */
  readonly kind: string;
  /** HTTP status, UMS response code or socket close code, when there was one. */
  readonly code: number | string | undefined;
  /** The server's own error code, when it sent one. */
  declare readonly serverCode?: string;
  /** The UMS request type, for request failures. */
  declare readonly requestType?: string;
  /** The conversation concerned, when there is one. */
  declare readonly conversationId?: string;
  /** The dialog concerned, when there is one. */
  declare readonly dialogId?: string;

  constructor(message: string, init: Partial<CoreErrorJson> & { cause?: unknown } = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.kind = init.kind ?? 'error';
    this.code = init.code;
    for (const k of ['serverCode', 'requestType', 'conversationId', 'dialogId'] as const) {
      if (init[k] !== undefined) Object.defineProperty(this, k, { value: init[k], enumerable: true });
    }
  }
}

/** Credentials or token refused; never retried automatically. */
export class AuthError extends LpmError {}
/** Connecting failed (network, socket, HTTP service, connect timeout). */
export class ConnectionError extends LpmError {}
/** No response in time (`responseTimeout`, `requestQueueTimeout`). */
export class TimeoutError extends LpmError {}
/** UMS answered a request with an error code. */
export class UmsError extends LpmError {}
/** Not allowed in the current state (e.g. sending before `open()`, closed conversation). */
export class StateError extends LpmError {}
/** Bad arguments or options. */
export class ValidationError extends LpmError {}

const CLASSES: Record<string, typeof LpmError> = {
  auth: AuthError,
  http: ConnectionError,
  socket: ConnectionError,
  connectTimeout: ConnectionError,
  connectionLost: ConnectionError,
  protocol: ConnectionError,
  timeout: TimeoutError,
  queueTimeout: TimeoutError,
  ums: UmsError,
  notConnected: StateError,
  invalidState: StateError,
  closed: StateError,
  domain: StateError,
  unsupported: StateError,
  invalid: ValidationError,
};

/** Builds the right error class from the core's JSON. */
export function fromCore(e: CoreErrorJson): LpmError {
  const Cls = CLASSES[e.kind] ?? LpmError;
  return new Cls(e.message, e);
}

/** Parses an error text thrown by the wasm binding. */
export function fromThrown(thrown: unknown): LpmError {
  if (typeof thrown === 'string') {
    try {
      return fromCore(JSON.parse(thrown) as CoreErrorJson);
    } catch {
      return new LpmError(thrown);
    }
  }
  if (thrown instanceof LpmError) return thrown;
  return new LpmError(thrown instanceof Error ? thrown.message : String(thrown), { cause: thrown });
}
