/**
 * The module API of `lp-messaging-sdk`, shared by the Node.js and browser entry points.
 *
 * @example
 * ```js
 * const lpm = require('lp-messaging-sdk');
 * const connection = lpm.createConnection({ appId: 'quick_start', accountId: '12345678', userType: lpm.UserType.CONSUMER });
 * await connection.open();
 * ```
 * @module
 */
import { Connection } from './connection.js';
import { Conversation } from './conversation.js';
import { ConversationSubscription } from './conversation-subscription.js';
import { AgentStateSubscription } from './agent-state-subscription.js';
import { Dialog } from './dialog.js';
import { Message } from './message.js';
import { Participant } from './participant.js';
import { Ring } from './ring.js';
import { quietPublicMethods } from './closed.js';
import type { CreateConnectionOptions } from './options.js';

export * from './enums.js';
export * from './errors.js';
export * from './factories.js';
export * as rest from './rest.js';
export { configureProxy, resetProxy, removeProxy, type ProxyConfig } from './proxy.js';
export { Connection, type CreateConversationArgs, type AgentRequestConversationArgs, type MessageStatistics } from './connection.js';
export { Conversation, type TransferTarget, type RequestMetadata } from './conversation.js';
export { ConversationSubscription } from './conversation-subscription.js';
export { RoutingTaskSubscription } from './routing-task-subscription.js';
export { AgentStateSubscription, type AgentStateChange } from './agent-state-subscription.js';
export { Dialog, type MessageQuery } from './dialog.js';
export { Message, type DownloadedFile } from './message.js';
export { Participant } from './participant.js';
export { Ring } from './ring.js';
export { Skill } from './skill.js';
export type { TimingInfo, TimingErrorEvent } from './timing.js';
export type { CreateConnectionOptions, SubscriptionQuery, AuthData } from './options.js';
export { TokenMaintainer, TokenMaintainerState, type TokenMaintainerOptions, type AuthSessionInfo } from './token-maintainer.js';
export { ShiftStatusPoller, type ShiftStatusPollerOptions, type ShiftStatus } from './shift-status-poller.js';
export { CSDS, ServiceName, type CsdsCache } from './csds.js';
export type { TokenSourceLike } from './token-source.js';
export { fromEnvironment, type EnvironmentVariables } from './environment.js';

/**
 * Creates a connection (does not connect: call `await connection.open()`). Throws a
 * `ValidationError` at once for bad options (missing accountId, unknown userType, a misspelt
 * option name, incomplete authData).
 *
 * @example
 * ```js
 * const connection = lpm.createConnection({
 *   appId: 'quick_start', accountId: '12345678', userType: lpm.UserType.BRAND,
 *   authData: { username: 'bot1', password: 'secret' },
 * });
 * ```
 */
export function createConnection(options: CreateConnectionOptions): Connection {
  return new Connection(options);
}

// A request close() ends must not end the process of a caller that did not await it (closed.ts).
quietPublicMethods(Connection, Conversation, Dialog, Message, Participant, Ring, ConversationSubscription, AgentStateSubscription);

// LivePerson's samples also call it as a static: Connection.createConnection(...)
(Connection as unknown as { createConnection: typeof createConnection }).createConnection = createConnection;
