import { ConversationSubscription } from './conversation-subscription.js';

/**
 * A routing task (ring) subscription. Rings arrive as `ring` events on the connection (and on
 * this object); the subscription is re-created after every reconnect.
 *
 * @example
 * ```js
 * await connection.setAgentState({ agentState: lpm.AgentState.ONLINE });
 * const sub = await connection.createRoutingTaskSubscription();
 * sub.on('ring', ring => ring.accept());
 * ```
 */
export class RoutingTaskSubscription extends ConversationSubscription {}
