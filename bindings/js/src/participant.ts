import { EventEmitter } from './emitter.js';
import type { Connection } from './connection.js';
import { ParticipantChatState, ParticipantRole, ParticipantState } from './enums.js';

/** A participant reference as the core's snapshots carry it. */
export interface ParticipantRef {
  dialogId: string;
  userId: string;
  role: string;
}

interface ParticipantView {
  userId: string;
  agentId: string | null;
  role: string;
  state: string;
  chatState: string;
}

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
  static readonly ParticipantRole = ParticipantRole;
  static readonly ParticipantState = ParticipantState;
  static readonly ParticipantChatState = ParticipantChatState;
  private last: ParticipantView;

  /** @internal */
  constructor(private readonly connection: Connection, private readonly ref: ParticipantRef) {
    super();
    this.last = { userId: ref.userId, agentId: null, role: ref.role, state: 'ACTIVE', chatState: 'ACTIVE' };
  }

  private view(): ParticipantView {
    const v = this.connection._core().participant(this.ref.dialogId, this.ref.userId, this.ref.role);
    if (v !== undefined) this.last = JSON.parse(v) as ParticipantView;
    return this.last;
  }

  /** UMS user id (consumer id or agent PID). */
  get userId(): string {
    return this.view().userId;
  }

  /** Agent id `accountId.userId` (null for consumers). */
  get agentId(): string | null {
    return this.view().agentId;
  }

  /** Role in the dialog. */
  get role(): string {
    return this.view().role;
  }

  /** `ACTIVE`, `SUGGESTED` or `REMOVED`. */
  get state(): string {
    return this.view().state;
  }

  /** Chat state (`ACTIVE`, `COMPOSING`, …). */
  get chatState(): string {
    return this.view().chatState;
  }

  /** Reads this participant's user profile (consumers may only read their own). */
  async getUserProfile(): Promise<Record<string, unknown>> {
    const out = await this.connection._command({ command: 'getUserProfile', userId: this.userId });
    return out.profile as Record<string, unknown>;
  }

  /** @internal */
  toJSON(): ParticipantView {
    return this.view();
  }
}
