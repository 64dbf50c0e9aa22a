import { ConversationSubscription } from './conversation-subscription.js';

/**
 * One agent-state notification: whose availability changed (`accountId.userId`) and to what
 * (`ONLINE`, `OFFLINE`, `AWAY`, `BACK_SOON`, `OCCUPIED`, or a value the server introduced
 * later, passed through).
 *
 * @example
 * ```js
 * connection.on('agent-state', ({ agentId, agentState }) => console.log(agentId, 'is now', agentState));
 * ```
 */
export interface AgentStateChange {
  agentId: string;
  agentState: string;
}

/**
 * An agent-state subscription (brand), from `connection.subscribeAgentState()`. Each change
 * of a watched agent's availability arrives as an `agent-state` event with
 * {@link AgentStateChange} on the connection and on this object (one agent's subscription
 * only hears about that agent). The subscription is re-created after every reconnect, like
 * every subscription; its first notification reports the current state.
 *
 * @example
 * ```js
 * const sub = await connection.subscribeAgentState();
 * sub.on('agent-state', ({ agentId, agentState }) => console.log(agentId, agentState));
 * await connection.setAgentState({ agentState: lpm.AgentState.AWAY }); // → agent-state AWAY
 * ```
 */
export class AgentStateSubscription extends ConversationSubscription {
  /** @internal whether a change about `agentId` is for this subscription. */
  _watches(agentId: string): boolean {
    const query = this.query as { agentId?: string } | null;
    return !query?.agentId || query.agentId === agentId;
  }
}
