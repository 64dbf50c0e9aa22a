/**
 * Caller-supplied brand token sources (the `tokenMaintainer` option, a ShiftStatusPoller's
 * `tokenMaintainer`): checking the object, and answering the core's `tokenRequest` /
 * `tokenInvalid` transmits with its methods. The core decides when; this only calls.
 * @internal
 * @module
 */
import { ValidationError } from './errors.js';

/** What a token source must offer (sdk-api §2 `tokenMaintainer`). */
export interface TokenSourceLike {
  start(): unknown;
  stop(): unknown;
  getToken(): Promise<string> | string;
  getAuthSessionInfo(): unknown;
  onTokenInvalid(source: string): unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  readonly agentId?: string | null;
  readonly userId?: string | null;
  readonly state?: string;
}

const METHODS = ['start', 'stop', 'getToken', 'getAuthSessionInfo', 'onTokenInvalid', 'on', 'emit'] as const;

/** Throws a ValidationError naming what the object lacks. */
export function checkTokenSource(source: unknown, option = 'tokenMaintainer'): TokenSourceLike {
  if (source === null || typeof source !== 'object') throw new ValidationError(`${option} must be an object (an EventEmitter with start, stop, getToken, getAuthSessionInfo and onTokenInvalid)`, { kind: 'invalid' });
  const o = source as Record<string, unknown>;
  const missing = METHODS.filter((m) => typeof o[m] !== 'function');
  if (!('agentId' in o)) missing.push('agentId' as never);
  if (!('userId' in o)) missing.push('userId' as never);
  if (missing.length > 0) throw new ValidationError(`${option} lacks ${missing.join(', ')} (it must be an EventEmitter with start(), stop(), getToken(), getAuthSessionInfo(), onTokenInvalid(source) and the properties agentId and userId)`, { kind: 'invalid' });
  return source as TokenSourceLike;
}

/**
 * Asks the source for a session for the core: `{ok, text}` with the session JSON, or the
 * failure message. A source whose `state` is `INITIAL` is started first (the connection
 * never stops it: it may be shared).
 */
export async function askToken(source: TokenSourceLike): Promise<{ ok: boolean; text: string }> {
  try {
    if (source.state === 'INITIAL') source.start();
    const token = await source.getToken();
    const info = ((await source.getAuthSessionInfo()) ?? {}) as Record<string, unknown>;
    const str = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v));
    // userId from the session, the source, or the tail of its agentId ({accountId}.{userId})
    const agentTail = str(source.agentId)?.split('.').slice(1).join('.');
    const session = {
      token: str(token) ?? str(info.token) ?? '',
      csrf: str(info.csrf) ?? '',
      sessionId: str(info.sessionId) ?? '',
      userId: str(info.userId) ?? str(source.userId) ?? (agentTail || undefined),
      userPid: str(info.userPid),
    };
    return { ok: true, text: JSON.stringify(session) };
  } catch (e) {
    // no secrets: the source's own message, without URL query strings
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, text: msg.replace(/\?[^\s]*/g, '?…') };
  }
}

/** Tells the source the core found its token invalid. */
export function tellInvalid(source: TokenSourceLike, name: string): void {
  try {
    source.onTokenInvalid(name);
  } catch (err) {
    queueMicrotask(() => {
      throw err;
    });
  }
}
