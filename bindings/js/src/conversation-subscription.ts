import { EventEmitter } from './emitter.js';
import type { Connection } from './connection.js';

/** The JSON shape of a subscription snapshot. */
export interface SubscriptionInfo {
  handle: number;
  kind: string;
  subscriptionId: string | null;
  state: string;
  query: unknown;
  isDefault: boolean;
  parent: number | null;
}

/**
 * A conversation subscription. Emits `notification` (every raw notification body it
 * receives) and `ready` (first notification after each (re)subscribe).
 *
 * @example
 * ```js
 * const sub = await connection.createConversationSubscription({ query: { stage: ['OPEN'] } });
 * sub.on('notification', n => console.log(JSON.stringify(n)));
 * await sub.unsubscribe();
 * ```
 */
export class ConversationSubscription extends EventEmitter {
  private last: SubscriptionInfo | undefined;

  /** @internal */
  constructor(
    /**
     * The connection the subscription belongs to.
     *
     * @example
     * ```js
     * sub.on('ready', () => console.log(sub.connection.getAllKnownConversations().length, 'conversations'));
     * ```
     */
    readonly connection: Connection,
    /** @internal */ readonly handle: number,
  ) {
    super();
  }

  /** @internal */
  info(): SubscriptionInfo | undefined {
    const all = JSON.parse(this.connection._core().subscriptions()) as SubscriptionInfo[];
    const found = all.find((s) => s.handle === this.handle);
    if (found) this.last = found;
    return this.last;
  }

  /**
   * The wire subscription id (changes on every re-subscribe), or null.
   *
   * @example
   * ```js
   * sub.on('ready', () => console.log('subscribed as', sub.subscriptionId));
   * ```
   */
  get subscriptionId(): string | null {
    return this.info()?.subscriptionId ?? null;
  }
  /**
   * The query as sent.
   *
   * @example
   * ```js
   * console.log(JSON.stringify(connection.defaultSubscription.query));
   * ```
   */
  get query(): unknown {
    return this.info()?.query ?? null;
  }
  /**
   * `subscribed`, `disconnected`, `unsubscribed`, … (see `SubscriptionState`).
   *
   * @example
   * ```js
   * if (sub.state === lpm.SubscriptionState.SUBSCRIBED) await sub.unsubscribe();
   * ```
   */
  get state(): string {
    return this.info()?.state ?? 'unsubscribed';
  }

  /**
   * Ends the subscription.
   *
   * @example
   * ```js
   * const sub = await connection.createConversationSubscription({ query: { conversationId } });
   * // … later
   * await sub.unsubscribe();
   * ```
   */
  async unsubscribe(): Promise<void> {
    await this.connection._command({ command: 'unsubscribe', handle: this.handle });
  }
}
