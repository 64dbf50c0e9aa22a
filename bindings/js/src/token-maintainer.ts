/**
 * `lpm.TokenMaintainer` (sdk-api §1.2, §4.3): keeps a brand bearer alive. The login,
 * 4-minute refresh and regenerate-on-invalid logic is the core's (`WasmTokenMaintainer`);
 * this class performs its HTTP, arms its timer and re-emits its events.
 * @module
 */
import { WasmTokenMaintainer } from '../pkg/lpm_wasm.js';
import { EventEmitter } from './emitter.js';
import { fromCore, fromThrown, StateError } from './errors.js';
import { MachineDriver } from './driver.js';
import type { AgentSessionData } from './generated/AgentSessionData.js';
import type { MaintainerEvent } from './generated/MaintainerEvent.js';
import type { AuthData } from './options.js';
import { platform } from './platform.js';

/** `getAuthSessionInfo()`: the agentVep session. */
export interface AuthSessionInfo {
  accountId: string;
  token: string;
  sessionId: string;
  csrf: string;
  userId: string | null;
  userPid: string | null;
}

/** `new TokenMaintainer(options)`. */
export interface TokenMaintainerOptions {
  /** Brand account id (required). */
  accountId: string;
  /** Credentials to log in with (and again whenever the token is invalid). */
  authData?: AuthData;
  /** An existing session: refreshed first, replaced by a login when refused. */
  authSessionInfo?: Partial<AuthSessionInfo> & { token: string };
  /** CSDS location (default LivePerson's; `LPM_CSDS_URL` in Node.js). */
  csdsUrl?: string;
}

/**
 * `TokenMaintainer.state` values.
 *
 * @example
 * ```js
 * console.log(maintainer.state === lpm.TokenMaintainerState.STARTED ? 'keeping the token fresh' : 'idle');
 * ```
 */
export const TokenMaintainerState = Object.freeze({ INITIAL: 'INITIAL', STARTED: 'STARTED', STOPPED: 'STOPPED' } as const);

interface Info {
  state: string;
  token: string | null;
  userId: string | null;
  agentId: string | null;
  authSessionInfo: (Omit<AuthSessionInfo, 'accountId'> & { accountId?: string }) | null;
}

interface Waiter {
  resolve(info: AuthSessionInfo): void;
  reject(e: Error): void;
}

/**
 * Keeps a brand bearer token alive: logs in, refreshes the session every 4 minutes, logs in
 * again (on the reconnect back-off) when a login fails or the token is declared invalid.
 * Pass it as a connection's `tokenMaintainer` option (and to a `ShiftStatusPoller`) to share
 * one token.
 *
 * Events: `error`, `token-invalid` `{source}`, `refresh-token`, `token-regenerated`
 * `{agentId}`, `generate-token-wait` `{seconds}`, `getAgentToken#request` `{start}`,
 * `getAgentToken#response` `{start, end}`.
 *
 * In browsers, construct it after `await lpm.ready`.
 *
 * @example
 * ```js
 * const maintainer = new lpm.TokenMaintainer({ accountId: '12345678', authData: { username: 'bot', password: 'secret' } });
 * maintainer.start();
 * const bearer = await maintainer.getToken();
 * const connection = lpm.createConnection({ accountId: '12345678', userType: lpm.UserType.BRAND, tokenMaintainer: maintainer });
 * await connection.open();
 * ```
 */
export class TokenMaintainer extends EventEmitter {
  private readonly driver: MachineDriver<WasmTokenMaintainer, MaintainerEvent>;
  private readonly waiters = new Map<number, Waiter>();

  constructor(options: TokenMaintainerOptions) {
    super();
    if (options === null || typeof options !== 'object') throw fromThrown(JSON.stringify({ kind: 'invalid', message: 'new TokenMaintainer needs an options object' }));
    if (!platform().isReady()) throw new StateError('the SDK is still loading; construct a TokenMaintainer after `await lpm.ready`', { kind: 'invalidState' });
    const json = { ...options, csdsUrl: options.csdsUrl ?? platform().env('LPM_CSDS_URL') };
    let core: WasmTokenMaintainer;
    try {
      core = new WasmTokenMaintainer(JSON.stringify(json));
    } catch (e) {
      throw fromThrown(e);
    }
    this.driver = new MachineDriver(core, (e) => this.onCoreEvent(e));
  }

  private info(): Info {
    return JSON.parse(this.driver.core.info()) as Info;
  }

  private onCoreEvent(e: MaintainerEvent): void {
    switch (e.event) {
      case 'token-answer': {
        const w = this.waiters.get(e.id);
        if (!w) return;
        this.waiters.delete(e.id);
        if ('Err' in e.result) w.reject(fromCore(e.result.Err));
        else w.resolve(session(e.result.Ok));
        return;
      }
      case 'error':
        // like any EventEmitter, an unheard `error` would throw: only emit it when heard
        if (this.listenerCount('error') > 0) this.emit('error', fromCore(e.error));
        return;
      case 'refresh-token':
        this.emit('refresh-token');
        return;
      default: {
        const { event, ...rest } = e;
        this.emit(event, rest);
      }
    }
  }

  /**
   * `INITIAL`, `STARTED` or `STOPPED`.
   *
   * @example
   * ```js
   * if (maintainer.state === lpm.TokenMaintainerState.INITIAL) maintainer.start();
   * ```
   */
  get state(): string {
    return this.info().state;
  }
  /**
   * The current bearer (null before the first login).
   *
   * @example
   * ```js
   * const bearer = maintainer.token ?? (await maintainer.getToken());
   * ```
   */
  get token(): string | null {
    return this.info().token;
  }
  /**
   * Numeric user id, once logged in.
   *
   * @example
   * ```js
   * maintainer.on('token-regenerated', () => console.log('logged in again as user', maintainer.userId));
   * ```
   */
  get userId(): string | null {
    return this.info().userId;
  }
  /**
   * `{accountId}.{userId}`, once logged in.
   *
   * @example
   * ```js
   * await maintainer.getToken();
   * console.log(maintainer.agentId); // e.g. '12345678.987654321'
   * ```
   */
  get agentId(): string | null {
    return this.info().agentId;
  }
  /**
   * The current session, or null.
   *
   * @example
   * ```js
   * const session = maintainer.authSessionInfo; // {accountId, token, sessionId, csrf, userId, userPid}
   * if (session) await saveSession(session); // reuse it later as `authSessionInfo`
   * ```
   */
  get authSessionInfo(): AuthSessionInfo | null {
    const s = this.info().authSessionInfo;
    return s ? session(s) : null;
  }

  /**
   * Logs in (or proves the given session alive) and keeps the token fresh.
   *
   * @example
   * ```js
   * const maintainer = new lpm.TokenMaintainer({ accountId: '12345678', authData: { username: 'bot', password: 'secret' } });
   * maintainer.on('error', (err) => console.error('login failed:', err.message));
   * maintainer.start();
   * ```
   */
  start(): void {
    this.driver.input((c, now) => c.start(now));
  }

  /**
   * Stops refreshing; pending `getToken()` calls reject; removes every listener.
   *
   * @example
   * ```js
   * await connection.close();
   * maintainer.stop();
   * ```
   */
  stop(): void {
    this.driver.input((c) => c.stop());
    this.driver.halt();
    this.removeAllListeners();
  }

  /**
   * Resolves with a valid bearer (waits for the login; rejects once stopped).
   *
   * @example
   * ```js
   * const token = await maintainer.getToken();
   * const conversation = await lpm.rest.getConversationById({ accountId: '12345678', token, conversationId });
   * ```
   */
  async getToken(): Promise<string> {
    return (await this.getSession()).token;
  }

  /**
   * `{accountId, token, sessionId, csrf, userId, userPid}` of a valid session (waits like `getToken()`).
   *
   * @example
   * ```js
   * const { token, csrf, sessionId } = await maintainer.getAuthSessionInfo();
   * ```
   */
  getAuthSessionInfo(): Promise<AuthSessionInfo> {
    return this.getSession();
  }

  /**
   * The token was refused somewhere (`Websocket-close`, `shift-status`, …): log in again.
   *
   * @example
   * ```js
   * try {
   *   await lpm.rest.publishMessage({ accountId: '12345678', token: await maintainer.getToken(), conversationId, text: 'hi' });
   * } catch (err) {
   *   if (err.code === 401) maintainer.onTokenInvalid('rest');
   * }
   * ```
   */
  onTokenInvalid(source: string): void {
    this.driver.input((c, now) => {
      try {
        c.onTokenInvalid(now, source);
      } catch (e) {
        throw fromThrown(e);
      }
    });
  }

  private getSession(): Promise<AuthSessionInfo> {
    return new Promise((resolve, reject) => {
      this.driver.input((c, now) => this.waiters.set(c.getToken(now), { resolve, reject }));
    });
  }
}

function session(s: AgentSessionData): AuthSessionInfo {
  return {
    accountId: s.accountId ?? '',
    token: s.token ?? '',
    sessionId: s.sessionId ?? '',
    csrf: s.csrf ?? '',
    userId: s.userId ?? null,
    userPid: s.userPid ?? null,
  };
}
