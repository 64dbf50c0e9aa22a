import { EventEmitter } from './emitter.js';
import type { WasmClient } from '../pkg/lpm_wasm.js';
import { Conversation } from './conversation.js';
import { ConversationSubscription } from './conversation-subscription.js';
import { Dialog } from './dialog.js';
import { Driver, outputField, type CommandResult, type CoreEvent } from './driver.js';
import { fromCore, fromThrown, LpmError, StateError, ValidationError } from './errors.js';
import { Message, type DownloadedFile } from './message.js';
import { optionsJson, type CreateConnectionOptions, type SubscriptionQuery } from './options.js';
import { Participant, type ParticipantRef } from './participant.js';
import { platform } from './platform.js';
import { Ring } from './ring.js';
import { Skill } from './skill.js';
import { RoutingTaskSubscription } from './routing-task-subscription.js';
import { AgentStateSubscription, type AgentStateChange } from './agent-state-subscription.js';
import type { RequestMetadata } from './conversation.js';
import { dispatchModelEvent } from './dispatch.js';
import { fileBytes } from './files.js';
import type { JwtClaimsSet } from './factories.js';
import { timingEvent, type TimingErrorEvent, type TimingInfo } from './timing.js';
import type { Listener } from './emitter.js';
import type { MessageContent } from './generated/MessageContent.js';
import type { ConnectionView as ConnectionInfo } from './generated/ConnectionView.js';

/** `createConversation` arguments (consumer). */
export interface CreateConversationArgs {
  skillId?: string;
  context?: Record<string, unknown>;
  campaignInfo?: { campaignId?: string; engagementId?: string };
}

/**
 * `agentRequestConversation` arguments (brand): the consumer to open a conversation with and,
 * optionally, its skill, context (e.g. a `ProactiveContext` naming the conversation it
 * follows up on) and TTR definition name.
 *
 * @example
 * ```js
 * const args = { consumerId: closed.consumer.userId, context: { type: 'ProactiveContext', originConversationId: closed.conversationId } };
 * const conversation = await connection.agentRequestConversation(args);
 * ```
 */
export interface AgentRequestConversationArgs {
  consumerId: string;
  skillId?: string;
  context?: Record<string, unknown>;
  ttrDefName?: string;
}

/** Message queue counters of `getMessageStatisticsFor…`. */
export interface MessageStatistics {
  active: number;
  pending: number;
  unassigned: number;
  overdue: number;
  soonToOverdue: number;
}

let nextLocalId = 0;

/**
 * A connection to the Messaging Platform, as a consumer or a brand user. Create it with
 * `lpm.createConnection(options)`, then `await connection.open()`.
 *
 * Events: `connect`, `reconnect`, `disconnect`, `close`, `error`, `reconnect-wait`,
 * `failed-to-connect`, `conversation`, `conversation-deleted`, `ring`, `notification`,
 * `token-invalid`, `refresh-token`, `token-regenerated`, `limit-break`, `shift-status`,
 * `agent-state`, `skill-entered-work-hours`, `skill-entered-off-hours`, every
 * conversation event as `conversation:<event>` with `{conversation, ...}`, and the timing
 * events: `<requestType>#request` / `#response` around every UMS request (e.g.
 * `ms.PublishEvent#response` on a consumer, `.ams.ms.PublishEvent#response` on a brand
 * connection), `connect#…`, `getAgentToken#…`, `getConsumerToken#…`, `getShiftStatus#…`
 * with {@link TimingInfo}, and `timeout` with the {@link TimeoutError} of a request that got
 * no response.
 *
 * @example
 * ```js
 * const connection = lpm.createConnection({ appId: 'quick_start', accountId: '12345678', userType: lpm.UserType.CONSUMER });
 * connection.on('error', err => console.error(err));
 * await connection.open();
 * const conversation = await connection.createConversation();
 * ```
 */
/**
 * The options of each connection (passwords, keys, secrets, tokens) and their JSON, kept off
 * the instance: no `util.inspect`, `console.log`, `JSON.stringify` or property walk of a
 * connection — or of a conversation, message or event that references one — can reach them.
 */
/** The core's `evicted` event. */
const hidden = new WeakMap<Connection, { options: CreateConnectionOptions; json: string }>();
/** Node's `util.inspect.custom` (a registered symbol, so no `util` import for browsers). */
const inspectCustom: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

export class Connection extends EventEmitter {
  /**
   * Local id of this connection object.
   *
   * @example
   * ```js
   * connection.on('error', (err) => console.error(`[${connection.connectionId}]`, err.message));
   * ```
   */
  readonly connectionId: string;
  private driver: Driver | undefined;
  private readonly convs = new Map<string, Conversation>();
  private readonly dialogs = new Map<string, Dialog>();
  private readonly messages = new Map<string, Message>();
  private readonly participants = new Map<string, Participant>();
  private readonly rings = new Map<string, Ring>();
  private readonly subs = new Map<number, ConversationSubscription>();
  private readonly skills = new Map<string, Skill>();

  /** @internal use `lpm.createConnection`. */
  constructor(options: CreateConnectionOptions) {
    super();
    this.connectionId = globalThis.crypto?.randomUUID?.() ?? `lpm-${Date.now()}-${++nextLocalId}`;
    hidden.set(this, { options, json: optionsJson(options) });
    // Options are validated at once, except a brand connection without credentials: like
    // LivePerson's SDK it can be created (e.g. to configure it) and open() rejects.
    const o = options as unknown as Record<string, unknown>;
    const brand = String(o.userType).toLowerCase() === 'brand';
    const credentialLess = brand && o.authData === undefined && o.authAgentSessionData === undefined && o.token === undefined && o.tokenMaintainer === undefined;
    if (platform().isReady() && !credentialLess) this.ensureDriver();
  }

  private get options(): CreateConnectionOptions {
    return (hidden.get(this) as { options: CreateConnectionOptions }).options;
  }

  private get json(): string {
    return (hidden.get(this) as { json: string }).json;
  }

  /**
   * What `JSON.stringify` shows of a connection: its identity and state, never its options or
   * tokens.
   *
   * @example
   * ```js
   * console.log(JSON.stringify(connection)); // {"connectionId":"…","accountId":"12345678","userType":"brand","state":"connected"}
   * ```
   */
  toJSON(): { connectionId: string; accountId: string; userType: string; state: string } {
    return { connectionId: this.connectionId, accountId: this.accountId, userType: String(this.options.userType).toLowerCase(), state: this.state };
  }

  /**
   * What `util.inspect` and `console.log` show (also for conversations, messages and events
   * that reference the connection): {@link toJSON}'s fields, never options or tokens.
   *
   * @example
   * ```js
   * console.log(connection); // Connection { connectionId: '…', accountId: '12345678', userType: 'brand', state: 'connected' }
   * ```
   */
  [inspectCustom](_depth: number, options: unknown, inspect?: (value: unknown, options: unknown) => string): string | object {
    const view = this.toJSON();
    return inspect ? `Connection ${inspect(view, options)}` : view;
  }

  private ensureDriver(): Driver {
    this.driver ??= new Driver(this.json, (e) => this.onCoreEvent(e), this.options.tokenMaintainer, {
      raw: () => this.hearsNotifications(),
      timings: () => this.hearsTimings(),
    });
    return this.driver;
  }

  /** @internal the wasm core (for facades' snapshots). */
  _core(): WasmClient {
    if (!this.driver) {
      if (!platform().isReady()) throw new StateError('the SDK is still loading; await connection.open() first', { kind: 'invalidState' });
      this.ensureDriver();
    }
    return this.driver!.core;
  }

  private info(): ConnectionInfo | undefined {
    return this.driver ? (JSON.parse(this.driver.core.info()) as ConnectionInfo) : undefined;
  }

  /** @internal runs a command. */
  async _command(cmd: Record<string, unknown>): Promise<CommandResult> {
    await platform().ready();
    // the stack of the caller's await chain, so a failure points at the user's code
    const site = new Error();
    try {
      return await this.ensureDriver().command(cmd);
    } catch (e) {
      if (e instanceof LpmError && site.stack) e.stack = `${e.name}: ${e.message}\n${site.stack.split('\n').slice(1).join('\n')}`;
      throw e;
    }
  }

  /** @internal runs a send command and returns `{sequence}`. */
  async _send(cmd: Record<string, unknown>): Promise<{ sequence: number }> {
    const out = await this._command(cmd);
    return { sequence: outputField(out, 'sequence') as number };
  }

  // ----- properties -----

  /**
   * Account id.
   *
   * @example
   * ```js
   * const host = await lpm.CSDS.lookup(connection.accountId, lpm.ServiceName.ASYNC_MESSAGING);
   * ```
   */
  get accountId(): string {
    return this.options.accountId;
  }
  /**
   * `initial`, `connecting`, `connected`, `disconnected`, `closing`, `closed`, …
   *
   * @example
   * ```js
   * if (connection.state === lpm.ConnectionState.INITIAL) await connection.open();
   * ```
   */
  get state(): string {
    return this.info()?.state ?? 'initial';
  }
  /**
   * Brand: `accountId.userId` once logged in.
   *
   * @example
   * ```js
   * await connection.open();
   * console.log('logged in as', connection.agentId); // e.g. '12345678.987654321'
   * ```
   */
  get agentId(): string | null {
    return this.info()?.agentId ?? null;
  }
  /**
   * Brand: the last agent state set.
   *
   * @example
   * ```js
   * if (connection.agentState !== lpm.AgentState.ONLINE) await connection.setAgentState({ agentState: lpm.AgentState.ONLINE });
   * ```
   */
  get agentState(): string | null {
    return this.info()?.agentState ?? null;
  }
  /**
   * Own user id.
   *
   * @example
   * ```js
   * conversation.on('message', (message) => {
   *   if (message.participant.userId !== connection.userId) console.log('they wrote', message.body);
   * });
   * ```
   */
  get userId(): string | null {
    return this.info()?.userId ?? null;
  }
  /**
   * Own user profile.
   *
   * @example
   * ```js
   * const { firstName, lastName } = connection.userProfile ?? {};
   * ```
   */
  get userProfile(): Record<string, unknown> | null {
    // the profile object as the server sent it (GetUserProfile / SetUserProfile)
    return (this.info()?.userProfile as Record<string, unknown> | null | undefined) ?? null;
  }
  /**
   * Application id.
   *
   * @example
   * ```js
   * console.log(`${connection.appId} ${connection.appVersion ?? ''}`);
   * ```
   */
  get appId(): string | undefined {
    return this.info()?.appId ?? this.options.appId;
  }
  /**
   * Application version.
   *
   * @example
   * ```js
   * const connection = lpm.createConnection({ appId: 'my_bot', appVersion: '2.1.0', accountId: '12345678', userType: lpm.UserType.BRAND, authData });
   * console.log(connection.appVersion); // '2.1.0'
   * ```
   */
  get appVersion(): string | undefined {
    return this.info()?.appVersion ?? this.options.appVersion;
  }
  /**
   * Whether the connection reconnects after drops.
   *
   * @example
   * ```js
   * if (!connection.maintainConnection) connection.on('close', () => process.exit(1));
   * ```
   */
  get maintainConnection(): boolean {
    return this.info()?.maintainConnection ?? this.options.maintainConnection !== false;
  }
  /**
   * The `tokenMaintainer` option (brand), or undefined.
   *
   * @example
   * ```js
   * const connection = lpm.createConnection({ accountId: '12345678', userType: lpm.UserType.BRAND, tokenMaintainer: maintainer });
   * const bearer = await connection.tokenMaintainer?.getToken();
   * ```
   */
  get tokenMaintainer(): CreateConnectionOptions['tokenMaintainer'] {
    return this.options.tokenMaintainer;
  }
  /**
   * Whether conversations are emitted with all their messages (brand).
   *
   * @example
   * ```js
   * if (!connection.getAllMessages) await dialog.queryMessages(); // load the history yourself
   * ```
   */
  get getAllMessages(): boolean {
    return this.info()?.getAllMessages ?? this.options.getAllMessages === true;
  }
  /**
   * Consumer client properties.
   *
   * @example
   * ```js
   * const connection = lpm.createConnection({ appId: 'quick_start', accountId: '12345678', userType: lpm.UserType.CONSUMER,
   *   clientProperties: lpm.createClientProperties({ deviceFamily: lpm.DeviceFamily.DESKTOP }) });
   * console.log(connection.clientProperties);
   * ```
   */
  get clientProperties(): unknown {
    return this.info()?.clientProperties ?? this.options.clientProperties ?? null;
  }
  /**
   * The effective default subscription query.
   *
   * @example
   * ```js
   * console.log('default subscription query:', JSON.stringify(connection.defaultSubscriptionQuery));
   * ```
   */
  get defaultSubscriptionQuery(): unknown {
    return this.info()?.defaultSubscriptionQuery ?? this.options.defaultSubscriptionQuery ?? null;
  }
  /**
   * The subscription `open()` created, or null.
   *
   * @example
   * ```js
   * await connection.open();
   * connection.defaultSubscription?.on('conversation', (conversation) => console.log('new', conversation.conversationId));
   * ```
   */
  get defaultSubscription(): ConversationSubscription | null {
    const h = this.info()?.defaultSubscription;
    return h === null || h === undefined ? null : this._subscription(h, false);
  }
  /**
   * Wire API descriptor (`WSv2` brand, `WSv3` consumer).
   *
   * @example
   * ```js
   * const type = connection.api.version === 'WSv2' ? '.ams.ms.PublishEvent' : 'ms.PublishEvent';
   * ```
   */
  get api(): { version: string } {
    return { version: this.options.userType === 'brand' || this.options.userType === 'BRAND' ? 'WSv2' : 'WSv3' };
  }
  /**
   * Every cached conversation by id.
   *
   * @example
   * ```js
   * for (const [id, conversation] of connection.conversations) console.log(id, conversation.stage);
   * ```
   */
  get conversations(): ReadonlyMap<string, Conversation> {
    return this._conversations;
  }
  /**
   * Every cached conversation by id (LivePerson's name; a fresh Map on every read).
   *
   * @example
   * ```js
   * await connection.open();
   * const resumed = [...connection._conversations.values()].find((c) => c.stage === lpm.ConversationState.OPEN);
   * ```
   */
  get _conversations(): Map<string, Conversation> {
    if (!this.driver) return new Map();
    const ids = JSON.parse(this.driver.core.conversationIds()) as string[];
    return new Map(ids.map((id) => [id, this._conversation(id)]));
  }

  // ----- lifecycle -----

  /**
   * Authenticates, connects and creates the default subscription.
   *
   * @example
   * ```js
   * const connection = lpm.createConnection({ appId: 'quick_start', accountId: '12345678', userType: lpm.UserType.CONSUMER });
   * await connection.open();
   * ```
   */
  async open(): Promise<void> {
    await this._command({ command: 'open' });
  }
  /**
   * Closes the connection.
   *
   * @example
   * ```js
   * process.on('SIGTERM', async () => {
   *   await connection.close();
   *   process.exit(0);
   * });
   * ```
   */
  async close(): Promise<void> {
    await this._command({ command: 'close' });
  }
  /**
   * The consumer JWT (persist it to resume the identity) or brand bearer.
   *
   * @example
   * ```js
   * const token = await connection.getToken();
   * // next run: resume the same consumer identity
   * const again = lpm.createConnection({ appId: 'quick_start', accountId: '12345678', userType: lpm.UserType.CONSUMER, token });
   * ```
   */
  async getToken(): Promise<string> {
    return outputField(await this._command({ command: 'getToken' }), 'token') as string;
  }
  /**
   * Sends a raw UMS request and resolves with the response body.
   *
   * @example
   * ```js
   * // consumer (WSv3) type names; a brand connection uses `.GetClock`, `.ams.ms.PublishEvent`, …
   * const { currentTime } = await connection.send({ type: 'GetClock', body: {} });
   * ```
   */
  async send(request: { type: string; body?: unknown; headers?: unknown; metadata?: unknown }): Promise<unknown> {
    return outputField(await this._command({ command: 'send', request }), 'body');
  }
  /**
   * Server clock (deprecated).
   *
   * @example
   * ```js
   * const { currentTime } = await connection.getClock();
   * console.log('clock skew', Date.now() - currentTime, 'ms');
   * ```
   */
  async getClock(): Promise<{ currentTime: number }> {
    return { currentTime: outputField(await this._command({ command: 'getClock' }), 'currentTime') as number };
  }

  // ----- conversations -----

  /**
   * Creates a conversation (consumer).
   *
   * @example
   * ```js
   * const conversation = await connection.createConversation({ skillId: '123456' });
   * await conversation.sendMessage('Hi, I need help with my order');
   * ```
   */
  async createConversation(args: CreateConversationArgs = {}): Promise<Conversation> {
    return this._createdConversation({ command: 'createConversation', skillId: args.skillId, context: args.context, campaignInfo: args.campaignInfo });
  }
  /** @internal Runs a command that creates a conversation and returns its object (the core
   * completes it once it holds the conversation, or after `responseTimeout`). */
  async _createdConversation(command: Record<string, unknown>): Promise<Conversation> {
    const out = await this._command(command);
    return this._conversation(outputField(out, 'conversationId') as string);
  }
  /**
   * Closes a conversation by id.
   *
   * @example
   * ```js
   * await connection.closeConversation('c3b9a1e2-0000-4000-8000-000000000001');
   * ```
   */
  async closeConversation(conversationId: string, metadata?: RequestMetadata): Promise<void> {
    await this._command({ command: 'closeConversation', conversationId, metadata: metadata ?? undefined });
  }
  /**
   * Opens a conversation with a known consumer as this agent (brand; UMS
   * `AgentRequestConversation`, which LivePerson's SDK listed as "not yet supported"), e.g.
   * to follow up on a closed conversation. Resolves with the new conversation once the
   * connection holds it (at most `responseTimeout`); the consumer gets it as a
   * `conversation` event.
   *
   * @example
   * ```js
   * const followUp = await connection.agentRequestConversation({
   *   consumerId: closed.consumer.userId,
   *   context: { type: 'ProactiveContext', originConversationId: closed.conversationId },
   * });
   * await followUp.sendMessage('Hi again! Your replacement has shipped.');
   * ```
   */
  async agentRequestConversation(args: AgentRequestConversationArgs): Promise<Conversation> {
    if (args === null || typeof args !== 'object') throw new ValidationError('agentRequestConversation takes {consumerId, skillId?, context?, ttrDefName?}');
    return this._createdConversation({ command: 'agentRequestConversation', consumerId: args.consumerId, skillId: args.skillId, context: args.context, ttrDefName: args.ttrDefName });
  }
  /**
   * Every cached conversation.
   *
   * @example
   * ```js
   * const open = connection.getAllKnownConversations().filter((c) => c.stage === lpm.ConversationState.OPEN);
   * ```
   */
  getAllKnownConversations(): Conversation[] {
    return [...this._conversations.values()];
  }
  /**
   * A cached conversation, or null. On a REST connection (`connectionType: REST`) it reads
   * the conversation over UMS REST v1 and returns a Promise, as LivePerson's
   * `BrandRestConnection` does (see {@link fetchConversationById}).
   *
   * @example
   * ```js
   * const conversation = connection.getConversationById(ring.conversationId); // websocket: cached or null
   * const viaRest = await restConnection.getConversationById('c1'); // REST: a Promise
   * ```
   */
  getConversationById(conversationId: string): Conversation | null | Promise<Conversation> {
    if (this.isRest()) return this.fetchConversationById(conversationId);
    return this.driver?.core.conversation(conversationId) !== undefined ? this._conversation(conversationId) : null;
  }
  /**
   * REST connection: reads a conversation with `GET /v1/conversations/{id}`, merges it into
   * the connection's state and resolves with its object (then `join`, `sendMessage`, … work
   * on it). Websocket connections reject: use {@link getConversationById}.
   *
   * @example
   * ```js
   * const bot = lpm.createConnection({ accountId: '12345678', userType: lpm.UserType.BRAND, connectionType: lpm.ConnectionType.REST, authData });
   * await bot.open();
   * const conversation = await bot.fetchConversationById(conversationId);
   * await conversation.sendMessage('Thanks for waiting!');
   * ```
   */
  async fetchConversationById(conversationId: string): Promise<Conversation> {
    return this._createdConversation({ command: 'getConversationById', conversationId });
  }
  private isRest(): boolean {
    return String((this.options as unknown as Record<string, unknown>).connectionType ?? '').toLowerCase() === 'rest';
  }
  /**
   * Restores a conversation from `conversation.serialize()` output (stateless or
   * multi-process bots).
   *
   * @example
   * ```js
   * const conversation = connection.loadConversation(await redis.get(`conv:${conversationId}`));
   * await conversation.sendMessage('Picking up where we left off');
   * ```
   */
  loadConversation(serialized: string): Conversation {
    try {
      return this._conversation(this._core().loadConversation(Date.now(), serialized));
    } catch (e) {
      throw fromThrown(e);
    }
  }
  /**
   * Feeds a webhook payload into the object model.
   *
   * @example
   * ```js
   * const connection = lpm.createConnection({ accountId: '12345678', userType: lpm.UserType.BRAND, connectionType: lpm.ConnectionType.NULL });
   * app.post('/webhooks', async (req, res) => {
   *   await connection.processWebhooksNotification(req.body); // {wsNotificationMsg: {type, body}}
   *   res.sendStatus(200);
   * });
   * ```
   */
  async processWebhooksNotification(notification: unknown): Promise<void> {
    await this._command({ command: 'processWebhooksNotification', notification });
  }
  /**
   * Applies shift-status data (`[{skillId, onShift, nextOn, nextOff}]`, e.g. from a
   * `ShiftStatusPoller`'s `shiftStatusData`) to the skills; `skill-entered-work-hours` /
   * `skill-entered-off-hours` follow. The core applies it at once; the Promise (an addition:
   * the anchor returned nothing) settles when it has.
   *
   * @example
   * ```js
   * poller.on('shiftStatusData', (list) => connection.processShiftStatusResponse(list));
   * connection.on('skill-entered-off-hours', (s) => console.log(`skill ${s.skillId} is closed`));
   * ```
   */
  async processShiftStatusResponse(list: Array<{ skillId: string; onShift: boolean; nextOn?: number; nextOff?: number }>): Promise<void> {
    await this._command({ command: 'processShiftStatusResponse', skills: list });
  }

  // ----- subscriptions -----

  /**
   * Creates a conversation subscription.
   *
   * @example
   * ```js
   * const subscription = await connection.createConversationSubscription({
   *   query: { stage: ['OPEN'], agentIds: [connection.agentId] },
   *   waitForReady: true,
   * });
   * subscription.on('conversation', (conversation) => console.log('mine:', conversation.conversationId));
   * ```
   */
  async createConversationSubscription(args: { query?: SubscriptionQuery; waitForReady?: boolean; waitForFirstNotification?: boolean } = {}): Promise<ConversationSubscription> {
    const out = await this._command({ command: 'createConversationSubscription', query: args.query, waitForReady: args.waitForReady ?? args.waitForFirstNotification });
    return this._subscription(outputField(out, 'handle') as number, false);
  }
  /**
   * Subscribes to rings (brand).
   *
   * @example
   * ```js
   * await connection.setAgentState({ agentState: lpm.AgentState.ONLINE });
   * const routing = await connection.createRoutingTaskSubscription();
   * routing.on('ring', (ring) => ring.accept());
   * ```
   */
  async createRoutingTaskSubscription(args: { query?: { accountId?: string; agentId?: string } } = {}): Promise<RoutingTaskSubscription> {
    const out = await this._command({ command: 'createRoutingTaskSubscription', query: args.query });
    return this._subscription(outputField(out, 'handle') as number, true) as RoutingTaskSubscription;
  }
  /**
   * Subscribes to agent-state notifications (brand; UMS `SubscribeAgentsState`, which
   * LivePerson's SDK listed as "not yet supported"): this agent's by default, or another
   * agent's (`agentId`, `accountId.userId`). Every change arrives as an `agent-state` event
   * with `{agentId, agentState}` on the connection and on the returned subscription, whose
   * first notification reports the current state. The subscription is re-created after
   * every reconnect.
   *
   * @example
   * ```js
   * const sub = await connection.subscribeAgentState();
   * connection.on('agent-state', ({ agentId, agentState }) => console.log(`${agentId} is ${agentState}`));
   * await connection.setAgentState({ agentState: lpm.AgentState.ONLINE });
   * ```
   */
  async subscribeAgentState(args: { agentId?: string } = {}): Promise<AgentStateSubscription> {
    if (args === null || typeof args !== 'object') throw new ValidationError('subscribeAgentState takes {agentId?}');
    const out = await this._command({ command: 'subscribeAgentsState', agentId: args.agentId });
    return this._subscription(outputField(out, 'handle') as number, 'agentState') as AgentStateSubscription;
  }

  // ----- users -----

  /**
   * Sets this agent's availability (brand).
   *
   * @example
   * ```js
   * await connection.setAgentState({ agentState: lpm.AgentState.AWAY });
   * ```
   */
  async setAgentState(args: { agentState: string; agentId?: string }): Promise<void> {
    await this._command({ command: 'setAgentState', agentState: args.agentState, agentId: args.agentId });
  }
  /**
   * Sets the consumer's profile.
   *
   * @example
   * ```js
   * await connection.setUserProfile({ firstName: 'Jo', lastName: 'Doe', nickName: 'jo' });
   * ```
   */
  async setUserProfile(profile: Record<string, unknown>): Promise<void> {
    await this._command({ command: 'setUserProfile', profile });
  }
  /**
   * Reads a user's profile (own profile without an id).
   *
   * @example
   * ```js
   * const mine = await connection.getUserProfile();
   * const theirs = await connection.getUserProfile(conversation.consumer?.userId);
   * ```
   */
  async getUserProfile(userId?: string): Promise<Record<string, unknown>> {
    return outputField(await this._command({ command: 'getUserProfile', userId }), 'profile') as Record<string, unknown>;
  }
  /**
   * Upgrades an unauthenticated consumer to an authenticated one (consumer).
   *
   * @example
   * ```js
   * const connection = lpm.createConnection({ appId: 'quick_start', accountId: '12345678', userType: lpm.UserType.CONSUMER, unauthConnectorId: '2222' });
   * await connection.open();
   * await connection.stepUp('3333', lpm.createJwtClaimsSet({ sub: 'customer-42', email: 'jo@example.com' }));
   * ```
   */
  async stepUp(authConnectorId: string, jwtClaimsSet: JwtClaimsSet | string): Promise<void> {
    await this._command({ command: 'stepUp', authConnectorId, jwtClaimsSet });
  }
  /**
   * LivePerson's test-only predecessor of {@link stepUp} (consumer): the same step-up with
   * `customerName` as the connector's code, which a mock identity provider (the local
   * platform's) turns into an identity of that name.
   *
   * @example
   * ```js
   * await connection.mockStepUp('2222', 'Jo Doe'); // test environments only
   * ```
   */
  async mockStepUp(authConnectorId: string, customerName: string): Promise<void> {
    await this._command({ command: 'mockStepUp', authConnectorId, customerName });
  }
  /**
   * Queue counters of this agent (brand).
   *
   * @example
   * ```js
   * const { active, pending, overdue } = await connection.getMessageStatisticsForUser();
   * ```
   */
  async getMessageStatisticsForUser(): Promise<MessageStatistics> {
    return outputField(await this._command({ command: 'getMessageStatisticsForUser' }), 'body') as unknown as MessageStatistics;
  }
  /**
   * Queue counters of the account (brand).
   *
   * @example
   * ```js
   * const { unassigned, soonToOverdue } = await connection.getMessageStatisticsForBrand();
   * if (unassigned > 50) console.warn('queue is backing up');
   * ```
   */
  async getMessageStatisticsForBrand(): Promise<MessageStatistics> {
    return outputField(await this._command({ command: 'getMessageStatisticsForBrand' }), 'body') as unknown as MessageStatistics;
  }

  // ----- files -----

  /**
   * An upload URL for hosted files.
   *
   * @example
   * ```js
   * const { relativePath, queryParams } = await connection.getUploadUrl(image.length, 'PNG');
   * ```
   */
  async getUploadUrl(fileSize: number, fileType: string): Promise<{ relativePath: string; queryParams: unknown }> {
    const out = await this._command({ command: 'getUploadUrl', fileSize, fileType });
    return { relativePath: outputField(out, 'relativePath') as string, queryParams: outputField(out, 'queryParams') };
  }
  /**
   * A download URL for a hosted file.
   *
   * @example
   * ```js
   * const { relativePath, queryParams } = await connection.getDownloadUrl(message.relativePath);
   * ```
   */
  async getDownloadUrl(relativePath: string): Promise<{ relativePath: string; queryParams: unknown }> {
    const out = await this._command({ command: 'getDownloadUrl', relativePath });
    return { relativePath: outputField(out, 'relativePath') as string, queryParams: outputField(out, 'queryParams') };
  }
  /**
   * Downloads a hosted file by path.
   *
   * @example
   * ```js
   * const { data, filename } = await connection.downloadFile(message.relativePath);
   * require('fs').writeFileSync(filename ?? 'download.bin', data); // Node.js
   * ```
   */
  async downloadFile(relativePath: string): Promise<DownloadedFile> {
    const out = await this._command({ command: 'downloadFile', relativePath });
    const bytes = out.bytes ?? new Uint8Array();
    const data = platform().name === 'node' ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes.slice().buffer;
    return { data, filename: (outputField(out, 'filename') as string | null) ?? null };
  }
  /**
   * LivePerson's private name of {@link downloadFile}.
   *
   * @example
   * ```js
   * const { data, filename } = await connection._downloadFile(message.relativePath);
   * ```
   */
  _downloadFile(relativePath: string): Promise<DownloadedFile> {
    return this.downloadFile(relativePath);
  }

  /** @internal upload then publish. */
  async _uploadFile(conversationId: string, file: ArrayBuffer | ArrayBufferView, caption?: string): Promise<{ relativePath: string; sequence: number }> {
    await platform().ready();
    const data = fileBytes(file);
    const driver = this.ensureDriver();
    // the core names the type from the bytes and draws the image preview, or (browser
    // consumer build) checks the one the page drew with its own decoders
    const drawn = await platform().drawPreview?.(data);
    const up = await driver.upload(undefined, data, drawn);
    const relativePath = outputField(up, 'relativePath') as string;
    const sent = await this._send({ command: 'sendFile', conversationId, relativePath, fileType: outputField(up, 'fileType'), caption, preview: outputField(up, 'preview') ?? undefined });
    return { relativePath, sequence: sent.sequence };
  }

  // ----- facade registry (@internal) -----

  /** @internal */
  _conversation(id: string): Conversation {
    let c = this.convs.get(id);
    if (!c) this.convs.set(id, (c = new Conversation(this, id)));
    return c;
  }
  /** @internal */
  _dialog(conversationId: string, dialogId: string): Dialog {
    let d = this.dialogs.get(dialogId);
    if (!d) this.dialogs.set(dialogId, (d = new Dialog(this, conversationId, dialogId)));
    return d;
  }
  /** @internal */
  _message(dialogId: string, sequence: number, content?: MessageContent): Message {
    const k = `${dialogId}\u0000${sequence}`;
    let m = this.messages.get(k);
    if (!m) this.messages.set(k, (m = new Message(this, dialogId, sequence, content)));
    return m;
  }
  /** @internal */
  _participant(ref: ParticipantRef): Participant {
    const k = `${ref.dialogId}\u0000${ref.userId}\u0000${ref.role ?? ''}`;
    let p = this.participants.get(k);
    if (!p) this.participants.set(k, (p = new Participant(this, ref)));
    return p;
  }
  /** @internal the connection's shared Skill object for an id */
  _skill(skillId: string): Skill {
    let k = this.skills.get(skillId);
    if (!k) this.skills.set(skillId, (k = new Skill(this, skillId)));
    return k;
  }
  /** @internal the role of a dialog's participant (its first, when it holds several). */
  _participantRole(dialogId: string, userId: string): string {
    const v = this._core().participant(dialogId, userId, '');
    return v === undefined ? '' : (JSON.parse(v) as { role: string }).role;
  }
  /**
   * The core dropped these objects (closed conversations after their cache time, finished
   * rings): forget their facades too, so a long-running bot's memory stays flat. A facade the
   * user still holds keeps working as far as the core can answer (its reads find nothing).
   */
  private release(e: Extract<CoreEvent, { event: 'evicted' }>): void {
    for (const id of e.conversationIds) this.convs.delete(id);
    for (const id of e.ringIds) this.rings.delete(id);
    if (e.dialogIds.length === 0) return;
    const dialogs = new Set(e.dialogIds);
    for (const id of e.dialogIds) this.dialogs.delete(id);
    // messages and participants are keyed `${dialogId}\u0000…`
    const ofDialog = (k: string) => dialogs.has(k.slice(0, k.indexOf('\u0000')));
    for (const k of this.messages.keys()) if (ofDialog(k)) this.messages.delete(k);
    for (const k of this.participants.keys()) if (ofDialog(k)) this.participants.delete(k);
  }

  /**
   * @internal whether a conversation or dialog model event `name` has a listener anywhere it
   * is delivered: the dialog, the conversation, or the connection (`conversation:<name>`).
   */
  _hearsModelEvent(conversationId: string, dialogId: string | undefined, name: string): boolean {
    if (this.listenerCount(`conversation:${name}`) > 0) return true;
    if (name === 'conversation-deleted' && this.listenerCount(name) > 0) return true;
    if ((this.convs.get(conversationId)?.listenerCount(name) ?? 0) > 0) return true;
    return dialogId !== undefined && (this.dialogs.get(dialogId)?.listenerCount(name) ?? 0) > 0;
  }

  /** @internal how many facades the registries hold (tests of bounded memory). */
  _facadeCounts(): { conversations: number; dialogs: number; messages: number; participants: number; rings: number } {
    return { conversations: this.convs.size, dialogs: this.dialogs.size, messages: this.messages.size, participants: this.participants.size, rings: this.rings.size };
  }

  /** @internal */
  _ring(ringId: string): Ring {
    let r = this.rings.get(ringId);
    if (!r) this.rings.set(ringId, (r = new Ring(this, ringId)));
    return r;
  }
  /** @internal */
  _subscription(handle: number, kind: boolean | 'agentState'): ConversationSubscription {
    let s = this.subs.get(handle);
    if (!s) {
      s = kind === 'agentState' ? new AgentStateSubscription(this, handle) : kind ? new RoutingTaskSubscription(this, handle) : new ConversationSubscription(this, handle);
      this.subs.set(handle, s);
    }
    return s;
  }
  /** @internal the agent-state subscriptions, to re-emit changes on them. */
  _agentStateSubscriptions(): AgentStateSubscription[] {
    return [...this.subs.values()].filter((s): s is AgentStateSubscription => s instanceof AgentStateSubscription);
  }
  /** @internal the routing subscriptions, to re-emit rings on them. */
  _routingSubscriptions(): RoutingTaskSubscription[] {
    return [...this.subs.values()].filter((s): s is RoutingTaskSubscription => s instanceof RoutingTaskSubscription);
  }

  /**
   * Timing event `<what>#request` / `#response` (e.g. `ms.PublishEvent#response`).
   *
   * @example
   * ```js
   * connection.on('.ams.ms.PublishEvent#response', ({ start, end }) => console.log('publish took', end - start, 'ms'));
   * ```
   */
  override on(event: `${string}#request` | `${string}#response`, listener: (info: TimingInfo) => void): this;
  /**
   * `getShiftStatus#error`: the failure, with the timing fields.
   *
   * @example
   * ```js
   * connection.on('getShiftStatus#error', (err) => console.warn('shift status poll failed:', err.message, 'started', err.start));
   * ```
   */
  override on(event: `${string}#error`, listener: (error: TimingErrorEvent) => void): this;
  /**
   * A UMS request got no response within `responseTimeout`.
   *
   * @example
   * ```js
   * connection.on('timeout', (err) => console.warn('no response from UMS:', err.message));
   * ```
   */
  override on(event: 'timeout', listener: (error: LpmError) => void): this;
  /**
   * An agent's availability changed (brand, after `subscribeAgentState`).
   *
   * @example
   * ```js
   * connection.on('agent-state', ({ agentId, agentState }) => console.log(`${agentId} is ${agentState}`));
   * ```
   */
  override on(event: 'agent-state', listener: (change: AgentStateChange) => void): this;
  /**
   * Any other connection event (`connect`, `close`, `conversation`, `ring`, …; see the class comment).
   *
   * @example
   * ```js
   * connection.on('conversation', (conversation) => console.log('new conversation', conversation.conversationId));
   * connection.on('disconnect', ({ code, reason }) => console.warn('dropped', code, reason));
   * ```
   */
  override on(event: string | symbol, listener: Listener): this;
  override on(event: string | symbol, listener: Listener): this {
    return super.on(event, listener);
  }
  /**
   * Timing event, once.
   *
   * @example
   * ```js
   * connection.once('connect#response', ({ start, end }) => console.log('connected in', end - start, 'ms'));
   * ```
   */
  override once(event: `${string}#request` | `${string}#response`, listener: (info: TimingInfo) => void): this;
  /**
   * `getShiftStatus#error`, once.
   *
   * @example
   * ```js
   * connection.once('getShiftStatus#error', (err) => console.warn('first shift status failure:', err.message));
   * ```
   */
  override once(event: `${string}#error`, listener: (error: TimingErrorEvent) => void): this;
  /**
   * A request timeout, once.
   *
   * @example
   * ```js
   * connection.once('timeout', (err) => console.warn('first request timeout:', err.message));
   * ```
   */
  override once(event: 'timeout', listener: (error: LpmError) => void): this;
  /**
   * An agent's availability changed, once.
   *
   * @example
   * ```js
   * connection.once('agent-state', ({ agentState }) => console.log('first change:', agentState));
   * ```
   */
  override once(event: 'agent-state', listener: (change: AgentStateChange) => void): this;
  /**
   * Any other connection event, once.
   *
   * @example
   * ```js
   * connection.once('close', ({ code, reason }) => console.log('closed', code, reason));
   * ```
   */
  override once(event: string | symbol, listener: Listener): this;
  override once(event: string | symbol, listener: Listener): this {
    return super.once(event, listener);
  }

  /** @internal Emits `error` only when someone listens (an unhandled background error never crashes). */
  _emitError(err: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }

  private onCoreEvent(e: CoreEvent): void {
    switch (e.event) {
      case 'model':
        return dispatchModelEvent(this, e);
      case 'evicted':
        return this.release(e);
      case 'error':
        return this._emitError(fromCore(e.error));
      case 'failed-to-connect':
        this.emit('failed-to-connect', { error: fromCore(e.error), willRetry: e.willRetry });
        return;
      case 'disconnect':
      case 'close':
        this.emit(e.event, { code: String(e.code), reason: e.reason });
        return;
      case 'notification':
        return this.onNotification(e.notification as { type?: string; body?: { subscriptionId?: string } });
      case 'subscription-ready': {
        const s = this.subs.get(e.subscription);
        s?.emit('ready');
        return;
      }
      case 'timing': {
        const { event: _, ...timing } = e;
        const [name, payload] = timingEvent(timing);
        this.emit(name, payload);
        return;
      }
      case 'timeout':
        this.emit('timeout', fromCore(e.error));
        return;
      case 'state-change':
        this.emit('state', e.state);
        return;
      case 'connect':
      case 'reconnect':
      case 'refresh-token':
        this.emit(e.event);
        return;
      default: {
        const { event, ...rest } = e;
        this.emit(event, rest);
      }
    }
  }

  /** A `notification` listener on the connection or one of its subscriptions. */
  /** {@link hearsTimings}'s last answer and the listener version it was computed at. */
  private timingsHeard: { version: number; heard: boolean } | undefined;

  private hearsNotifications(): boolean {
    if (this.listenerCount('notification') > 0) return true;
    for (const s of this.subs.values()) if (s.listenerCount('notification') > 0) return true;
    return false;
  }

  /** A timing listener (`<type>#request`, `<type>#response`, …: every timing name has a `#`). */
  private hearsTimings(): boolean {
    // asked on every frame: the answer is kept until the connection's listeners change
    const version = (this as unknown as { _listenerVersion: number })._listenerVersion;
    if (this.timingsHeard?.version !== version) {
      this.timingsHeard = { version, heard: this.eventNames().some((name) => typeof name === 'string' && name.includes('#')) };
    }
    return this.timingsHeard.heard;
  }

  private onNotification(n: { type?: string; body?: { subscriptionId?: string } }): void {
    this.emit('notification', n);
    const subId = n.body?.subscriptionId;
    if (subId) {
      for (const s of this.subs.values()) if (s.subscriptionId === subId) s.emit('notification', n.body);
    }
  }
}

/** Rethrows a wasm-thrown value as an SDK error (re-exported for the entry point). */
export { fromThrown };
