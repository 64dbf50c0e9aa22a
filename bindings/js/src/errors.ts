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
import type { CoreErrorJson as GeneratedCoreErrorJson } from './generated/CoreErrorJson.js';

/**
 * The JSON shape the core reports errors in (turned into an error by `fromCore`).
 *
 * @example
 * ```js
 * const err = lpm.fromCore({ kind: 'timeout', message: 'no response in time' }); // a TimeoutError
 * ```
 */
// The fields are generated from the core's Rust type (`ErrorJson`); this names them publicly.
export interface CoreErrorJson extends GeneratedCoreErrorJson {}

/**
 * Base class of every SDK error.
 *
 * @example
 * ```js
 * connection.on('error', err => {
 *   if (err instanceof lpm.LpmError) console.error(err.kind, err.code, err.message);
 * });
 * ```
 */
export class LpmError extends Error {
  /**
   * Family: `auth`, `timeout`, `ums`, `http`, `invalid`, …
   *
   * @example
   * ```js
   * try { await conversation.sendMessage('hi'); }
   * catch (err) { if (err.kind === 'queueTimeout') console.warn('request never sent'); }
   * ```
   */
  readonly kind: string;
  /**
   * HTTP status, UMS response code or socket close code, when there was one.
   *
   * @example
   * ```js
   * try { await conversation.join(lpm.ParticipantRole.MANAGER); }
   * catch (err) { if (err instanceof lpm.UmsError && err.code === 403) console.error('not allowed'); }
   * ```
   */
  readonly code: number | string | undefined;
  /**
   * The server's own error code, when it sent one.
   *
   * @example
   * ```js
   * try { await conversation.transfer({ skillId: '12' }); }
   * catch (err) { console.error(err.serverCode ?? err.code, err.message); }
   * ```
   */
  declare readonly serverCode?: string;
  /**
   * The UMS request type, for request failures.
   *
   * @example
   * ```js
   * try { await conversation.setNote('VIP'); }
   * catch (err) { console.error(`${err.requestType} failed:`, err.message); }
   * ```
   */
  declare readonly requestType?: string;
  /**
   * The conversation concerned, when there is one.
   *
   * @example
   * ```js
   * connection.on('error', err => console.error(err.conversationId, err.message));
   * ```
   */
  declare readonly conversationId?: string;
  /**
   * The dialog concerned, when there is one.
   *
   * @example
   * ```js
   * connection.on('error', err => console.error(err.conversationId, err.dialogId, err.message));
   * ```
   */
  declare readonly dialogId?: string;

  /**
   * Creates an error (the SDK does; useful in tests and mocks).
   *
   * @example
   * ```js
   * const err = new lpm.TimeoutError('no response', { kind: 'timeout' });
   * ```
   */
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

/**
 * Credentials or token refused; never retried automatically.
 *
 * @example
 * ```js
 * try { await connection.open(); }
 * catch (err) { if (err instanceof lpm.AuthError) console.error('check the credentials:', err.message); }
 * ```
 */
export class AuthError extends LpmError {}
/**
 * Connecting failed (network, socket, HTTP service, connect timeout).
 *
 * @example
 * ```js
 * try { await connection.open(); }
 * catch (err) { if (err instanceof lpm.ConnectionError) console.error('service unreachable:', err.message); }
 * ```
 */
export class ConnectionError extends LpmError {}
/**
 * No response in time (`responseTimeout`, `requestQueueTimeout`).
 *
 * @example
 * ```js
 * try { await conversation.sendMessage('hi'); }
 * catch (err) { if (err instanceof lpm.TimeoutError) await conversation.sendMessage('hi'); }
 * ```
 */
export class TimeoutError extends LpmError {}
/**
 * UMS answered a request with an error code.
 *
 * @example
 * ```js
 * try { await conversation.join(lpm.ParticipantRole.ASSIGNED_AGENT); }
 * catch (err) { if (err instanceof lpm.UmsError) console.error(err.code, err.requestType, err.message); }
 * ```
 */
export class UmsError extends LpmError {}
/**
 * Not allowed in the current state (e.g. sending before `open()`, closed conversation).
 *
 * @example
 * ```js
 * try { await conversation.sendMessage('hi'); }
 * catch (err) { if (err instanceof lpm.StateError) console.warn('conversation is', conversation.stage); }
 * ```
 */
export class StateError extends LpmError {}
/**
 * Bad arguments or options.
 *
 * @example
 * ```js
 * try { lpm.createConnection({ appId: 'quick_start', userType: lpm.UserType.CONSUMER }); }
 * catch (err) { if (err instanceof lpm.ValidationError) console.error(err.message); } // no accountId
 * ```
 */
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

/**
 * Builds the right error class from the core's JSON.
 *
 * @example
 * ```js
 * const err = lpm.fromCore({ kind: 'auth', message: 'invalid token', code: 4401 });
 * console.log(err instanceof lpm.AuthError); // true
 * ```
 */
export function fromCore(e: CoreErrorJson): LpmError {
  const Cls = CLASSES[e.kind] ?? LpmError;
  return new Cls(e.message, e);
}

/**
 * Parses an error text thrown by the wasm binding (any other value becomes an `LpmError`).
 *
 * @example
 * ```js
 * const err = lpm.fromThrown('{"kind":"invalid","message":"bad option"}');
 * console.log(err instanceof lpm.ValidationError); // true
 * ```
 */
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
