import { EventEmitter } from './emitter.js';
import type { Connection } from './connection.js';
import type { Ring as RingView } from './generated/Ring.js';


/**
 * A routing task offered to this agent. Emits `accepted`, `rejected`, `cancelled`, `expired`.
 *
 * @example
 * ```js
 * connection.on('ring', async ring => {
 *   if (ring.ringState === lpm.RingState.WAITING) await ring.accept();
 * });
 * ```
 */
export class Ring extends EventEmitter {
  private last: RingView | undefined;

  /** @internal */
  constructor(
    /**
     * The connection that received the ring.
     *
     * @example
     * ```js
     * ring.on('accepted', () => console.log(ring.connection.getConversationById(ring.conversationId)?.stage));
     * ```
     */
    readonly connection: Connection,
    /**
     * Ring id.
     *
     * @example
     * ```js
     * connection.on('ring', ring => console.log('ring', ring.ringId, 'for', ring.conversationId));
     * ```
     */
    readonly ringId: string,
  ) {
    super();
  }

  private view(): RingView {
    const v = this.connection._core().ring(this.ringId);
    if (v !== undefined) this.last = JSON.parse(v) as RingView;
    if (!this.last) throw new Error(`ring ${this.ringId} is no longer known`);
    return this.last;
  }

  /**
   * `WAITING`, `ACCEPTED`, `REJECTED`, `CANCELLED` or `EXPIRED`.
   *
   * @example
   * ```js
   * const stale = ring.ringState !== lpm.RingState.WAITING; // ignore such rings
   * ```
   */
  get ringState(): string {
    return this.view().ringState;
  }
  /**
   * Epoch ms when the ring expires, or null.
   *
   * @example
   * ```js
   * const msLeft = (ring.ringExpirationTs ?? Date.now()) - Date.now();
   * ```
   */
  get ringExpirationTs(): number | null {
    return this.view().ringExpirationTs;
  }
  /**
   * How long (ms) the ring waits, or null.
   *
   * @example
   * ```js
   * console.log(`accept within ${ring.ringExpiration / 1000} s`);
   * ```
   */
  get ringExpiration(): number | null {
    return this.view().ringExpiration;
  }
  /**
   * Priority, or null.
   *
   * @example
   * ```js
   * console.log('ring priority', ring.weight);
   * ```
   */
  get weight(): number | null {
    return this.view().weight;
  }
  /**
   * Account id, or null.
   *
   * @example
   * ```js
   * console.log('ring for account', ring.brandId);
   * ```
   */
  get brandId(): string | null {
    return this.view().brandId;
  }
  /**
   * The conversation offered.
   *
   * @example
   * ```js
   * ring.on('accepted', () => console.log('now handling', ring.conversationId));
   * ```
   */
  get conversationId(): string {
    return this.view().conversationId;
  }
  /**
   * Its consumer, or null.
   *
   * @example
   * ```js
   * const profile = await connection.getUserProfile(ring.consumerId);
   * ```
   */
  get consumerId(): string | null {
    return this.view().consumerId;
  }
  /**
   * Its skill, or null.
   *
   * @example
   * ```js
   * if (ring.skillId === '12') await ring.accept();
   * else await ring.reject();
   * ```
   */
  get skillId(): string | null {
    return this.view().skillId;
  }

  /**
   * Accepts: this agent becomes the assigned agent; the conversation arrives as a `conversation` event.
   *
   * @example
   * ```js
   * connection.on('conversation', conversation => conversation.sendMessage('Hi, how can I help?'));
   * connection.on('ring', ring => ring.accept());
   * ```
   */
  async accept(): Promise<void> {
    await this.connection._command({ command: 'acceptRing', ringId: this.ringId });
  }

  /**
   * Rejects the ring.
   *
   * @example
   * ```js
   * connection.on('ring', async ring => {
   *   if (ring.skillId !== '12') await ring.reject();
   * });
   * ```
   */
  async reject(): Promise<void> {
    await this.connection._command({ command: 'rejectRing', ringId: this.ringId });
  }
}
