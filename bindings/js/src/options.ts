/**
 * `createConnection` options (sdk-api §2) and their preparation for the core.
 * @module
 */
import type { ClientProperties, JwtClaimsSet } from './factories.js';
import { platform } from './platform.js';
import { checkTokenSource, type TokenSourceLike } from './token-source.js';

/** Conversation subscription query. */
export interface SubscriptionQuery {
  stage?: string | string[];
  state?: string | string[];
  agentId?: string | string[];
  agentIds?: string | string[];
  consumerId?: string;
  conversationId?: string;
  accountId?: string;
  dialogType?: string | string[];
  dialogTypes?: string | string[];
  lastUpdateAfter?: number;
  lastUpdateBefore?: number;
}

/** Brand credentials: user and password, or the four API keys of a bot. */
export interface AuthData {
  username?: string;
  password?: string;
  appKey?: string;
  secret?: string;
  accessToken?: string;
  accessTokenSecret?: string;
  /** Consumer test flow. */
  useMockAuth?: boolean;
  customerName?: string;
}

/** Every option of `createConnection`. */
export interface CreateConnectionOptions {
  /** Brand account id (required). */
  accountId: string;
  /** `lpm.UserType.BRAND` or `lpm.UserType.CONSUMER` (required). */
  userType: string;
  /** Your application's id (`a-z`, `-`, `_`, `.`). */
  appId?: string;
  /** Your application's version. */
  appVersion?: string;
  /** Transport (`ws` default, `null` for a NullConnection fed with webhooks). */
  connectionType?: string;
  /** Brand credentials. */
  authData?: AuthData;
  /** An existing agentVep session instead of logging in (brand). */
  authAgentSessionData?: { token: string; csrf?: string; sessionId?: string; userId?: string; userPid?: string };
  /** Agent id override (brand). */
  agentId?: string;
  /** A consumer JWT to reuse (from `getToken()`). */
  token?: string;
  /** Unauthenticated connector (consumer; required for `stepUp`). */
  unauthConnectorId?: string;
  /** Authenticated connector (consumer, with `jwtClaimsSet`). */
  authConnectorId?: string;
  /** Claims of an authenticated consumer. */
  jwtClaimsSet?: JwtClaimsSet | string;
  /** Consumer client description. */
  clientProperties?: ClientProperties;
  /** Reconnect after drops (default true). */
  maintainConnection?: boolean;
  /** Create the default conversation subscription (default true). */
  createDefaultSubscription?: boolean;
  /** Query of the default subscription. */
  defaultSubscriptionQuery?: SubscriptionQuery;
  /** `open()` resolves after the existing conversations are loaded. */
  waitForReady?: boolean;
  /** Older name of `waitForReady`. */
  waitForFirstNotification?: boolean;
  /** Load all messages of each conversation before emitting it (brand). */
  getAllMessages?: boolean;
  /** Poll skill working hours (brand). */
  pollShiftStatus?: boolean;
  /** Split first notifications above 900 conversations. */
  limitBreakEnabled?: boolean;
  /** Per-request response timeout (ms, default 60000). */
  responseTimeout?: number;
  /**
   * After `ring.accept()` succeeded, how long to wait for its conversation to arrive through
   * the conversation subscription before an `error` event (kind `ringConversationTimeout`)
   * says it did not (ms, default 60000; 0 = no check).
   */
  ringConversationTimeout?: number;
  /** Keep-alive interval (ms, default 10000). */
  keepAliveInterval?: number;
  /**
   * How long a keep-alive may go unanswered before the socket is taken for dead, closed and
   * reconnected (ms, default `keepAliveInterval`: a stalled peer is noticed within two
   * keep-alive periods, about 20 s; never more than `responseTimeout`; 0 is refused).
   * @example lpm.createConnection({ ...options, keepAliveTimeout: 5000 })
   */
  keepAliveTimeout?: number;
  /** How long after a drop requests may still be queued (ms). */
  maxRequestQueueTime?: number;
  /** A queued request fails after this (ms). */
  requestQueueTimeout?: number;
  /** Delay before reconnecting (ms, default 2000). */
  waitToReconnect?: number;
  /** How long an unreferenced conversation stays cached (ms). */
  conversationsCacheDuration?: number;
  /** Give up `open()` after this (ms, default 5 minutes; 0 = never). */
  connectTimeout?: number;
  /** CSDS location (default LivePerson's; `LPM_CSDS_URL` in Node.js). `http://` allowed. */
  csdsUrl?: string;
  /**
   * Brand: bring-your-own token source instead of `authData` — an EventEmitter with
   * `start()`, `stop()`, `getToken()`, `getAuthSessionInfo()`, `onTokenInvalid(source)` and
   * the properties `agentId` and `userId` (e.g. an `lpm.TokenMaintainer`). The connection
   * calls `getToken()`/`getAuthSessionInfo()` when it needs a token, `onTokenInvalid(source)`
   * when it found the token refused, `start()` when the source's `state` is `INITIAL`, and
   * never `stop()`.
   */
  tokenMaintainer?: TokenSourceLike;
}

/** The option object as JSON for the core (adds `csdsUrl` from `LPM_CSDS_URL`). */
export function optionsJson(options: CreateConnectionOptions): string {
  if (options === null || typeof options !== 'object') throw new TypeError('createConnection needs an options object');
  const { tokenMaintainer, ...rest } = options;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) out[k] = v;
  // the core only needs to know a source exists; the driver talks to the object
  if (tokenMaintainer !== undefined) {
    checkTokenSource(tokenMaintainer);
    out.tokenMaintainer = true;
  }
  const env = platform().env('LPM_CSDS_URL');
  if (out.csdsUrl === undefined && env) out.csdsUrl = env;
  return JSON.stringify(out);
}
