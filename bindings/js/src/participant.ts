import { EventEmitter } from './emitter.js';
import type { Connection } from './connection.js';
import { outputField } from './driver.js';
import { ParticipantChatState, ParticipantRole, ParticipantState } from './enums.js';
import type { ParticipantView } from './generated/ParticipantView.js';
import type { ParticipantRef } from './generated/ParticipantRef.js';
export type { ParticipantRef };



/**
 * One participant of a dialog in one role. Emits `roleChange`, `stateChange` and
 * `chatStateChange` (e.g. `COMPOSING` when the user types).
 *
 * @example
 * ```js
 * const profile = await conversation.consumer.getUserProfile();
 * conversation.consumer.on('chatStateChange', state => console.log('consumer is', state));
 * ```
 */
export class Participant extends EventEmitter {
  /**
   * The `ParticipantRole` enum (same as `lpm.ParticipantRole`).
   *
   * @example
   * ```js
   * if (participant.role === lpm.Participant.ParticipantRole.ASSIGNED_AGENT) console.log('assigned');
   * ```
   */
  static readonly ParticipantRole = ParticipantRole;
  /**
   * The `ParticipantState` enum (same as `lpm.ParticipantState`).
   *
   * @example
   * ```js
   * if (participant.state === lpm.Participant.ParticipantState.SUGGESTED) console.log('waiting for the agent to accept');
   * ```
   */
  static readonly ParticipantState = ParticipantState;
  /**
   * The `ParticipantChatState` enum (same as `lpm.ParticipantChatState`).
   *
   * @example
   * ```js
   * participant.on('chatStateChange', s => { if (s === lpm.Participant.ParticipantChatState.COMPOSING) console.log('typing…'); });
   * ```
   */
  static readonly ParticipantChatState = ParticipantChatState;
  private last: ParticipantView;

  /** @internal */
  constructor(private readonly connection: Connection, private readonly ref: ParticipantRef) {
    super();
    // until the core knows it (a sender no dialog lists: what its message's record said)
    this.last = { dialogId: ref.dialogId, isSelf: false, userId: ref.userId, agentId: ref.agentId ?? null, role: ref.role ?? '', state: 'ACTIVE', chatState: 'ACTIVE' };
  }

  private view(): ParticipantView {
    // a role-less reference (an unknown sender's) matches the user in any role
    const v = this.connection._core().participant(this.ref.dialogId, this.ref.userId, this.ref.role ?? '');
    if (v !== undefined) this.last = JSON.parse(v) as ParticipantView;
    return this.last;
  }

  /**
   * UMS user id (consumer id or agent PID).
   *
   * @example
   * ```js
   * const profile = await connection.getUserProfile(conversation.consumer.userId);
   * ```
   */
  get userId(): string {
    return this.view().userId;
  }

  /**
   * Agent id `accountId.userId` (null for consumers).
   *
   * @example
   * ```js
   * console.log('assigned agent', conversation.assignedAgent?.agentId); // e.g. '12345678.3456'
   * ```
   */
  get agentId(): string | null {
    return this.view().agentId;
  }

  /**
   * Role in the dialog (see `ParticipantRole`).
   *
   * @example
   * ```js
   * conversation.on('message', message => {
   *   if (message.participant.role === lpm.ParticipantRole.CONSUMER) console.log('consumer:', message.body);
   * });
   * ```
   */
  get role(): string {
    return this.view().role;
  }

  /**
   * `ACTIVE`, `SUGGESTED` or `REMOVED`.
   *
   * @example
   * ```js
   * const active = conversation.openDialog.participants.filter(p => p.state === lpm.ParticipantState.ACTIVE);
   * ```
   */
  get state(): string {
    return this.view().state;
  }

  /**
   * Chat state (`ACTIVE`, `COMPOSING`, …).
   *
   * @example
   * ```js
   * if (conversation.consumer?.chatState === lpm.ParticipantChatState.GONE) await conversation.close();
   * ```
   */
  get chatState(): string {
    return this.view().chatState;
  }

  /**
   * Reads this participant's user profile (consumers may only read their own).
   *
   * @example
   * ```js
   * const { firstName, lastName } = await conversation.consumer.getUserProfile();
   * ```
   */
  async getUserProfile(): Promise<Record<string, unknown>> {
    const out = await this.connection._command({ command: 'getUserProfile', userId: this.userId });
    return outputField(out, 'profile') as Record<string, unknown>;
  }

  /** @internal */
  toJSON(): ParticipantView {
    return this.view();
  }
}
