import { EventEmitter } from './emitter.js';
import type { Connection } from './connection.js';
import type { Conversation } from './conversation.js';
import type { Message } from './message.js';
import type { Participant, ParticipantRef } from './participant.js';

interface DialogView {
  conversationId: string;
  dialogId: string;
  dialogType: string;
  channelType: string;
  state: string;
  startTime: number | null;
  updateTime: number | null;
  endTime: number | null;
  participants: ParticipantRef[];
  removedParticipants: ParticipantRef[];
  sequences: number[];
  assignedAgent: ParticipantRef | null;
  consumer: ParticipantRef | null;
  self: ParticipantRef | null;
}

/** Options of `queryMessages`. */
export interface MessageQuery {
  maxQuantity?: number;
  sequenceMin?: number;
  sequenceMax?: number;
}

/**
 * One dialog of a conversation (MAIN, POST_SURVEY, …). Its events also reach the conversation
 * and the connection (`conversation:<event>`).
 *
 * @example
 * ```js
 * for (const message of conversation.openDialog.messages) console.log(message.body);
 * ```
 */
export class Dialog extends EventEmitter {
  private last: DialogView | undefined;

  /** @internal */
  constructor(private readonly connection: Connection, private readonly conversationId: string, /** Dialog id. */ readonly dialogId: string) {
    super();
  }

  private view(): DialogView {
    const v = this.connection._core().dialog(this.dialogId);
    if (v !== undefined) this.last = JSON.parse(v) as DialogView;
    if (!this.last) throw new Error(`dialog ${this.dialogId} is no longer known`);
    return this.last;
  }

  /** The conversation. */
  get conversation(): Conversation {
    return this.connection._conversation(this.conversationId);
  }
  /** `MAIN`, `POST_SURVEY`, … */
  get dialogType(): string {
    return this.view().dialogType;
  }
  /** `MESSAGING`, `COBROWSE`, … */
  get channelType(): string {
    return this.view().channelType;
  }
  /** `OPEN` or `CLOSE`. */
  get state(): string {
    return this.view().state;
  }
  /** Epoch ms. */
  get startTime(): number | null {
    return this.view().startTime;
  }
  /** Epoch ms. */
  get updateTime(): number | null {
    return this.view().updateTime;
  }
  /** Active and suggested participants. */
  get participants(): Participant[] {
    return this.view().participants.map((r) => this.connection._participant(r));
  }
  /** Messages, sorted by sequence. */
  get messages(): Message[] {
    return this.view().sequences.map((s) => this.connection._message(this.dialogId, s));
  }
  /** The assigned agent, or null. */
  get assignedAgent(): Participant | null {
    const r = this.view().assignedAgent;
    return r ? this.connection._participant(r) : null;
  }
  /** The consumer, or null. */
  get consumer(): Participant | null {
    const r = this.view().consumer;
    return r ? this.connection._participant(r) : null;
  }

  /** This connection's own participant, or null. */
  getSelfParticipant(): Participant | null {
    const r = this.view().self;
    return r ? this.connection._participant(r) : null;
  }
  /** A present participant by user id. */
  getParticipant(userId: string): Participant | null {
    const r = this.view().participants.find((p) => p.userId === userId);
    return r ? this.connection._participant(r) : null;
  }
  /** A present participant by agent id (`accountId.userId`). */
  getParticipantByAgentId(agentId: string): Participant | null {
    return this.participants.find((p) => p.agentId === agentId || p.userId === agentId) ?? null;
  }
  /** A participant that left. */
  getRemovedParticipant(userId: string): Participant | null {
    const r = this.view().removedParticipants.find((p) => p.userId === userId);
    return r ? this.connection._participant(r) : null;
  }

  /** Joins the conversation (brand). */
  async join(role: string): Promise<void> {
    await this.connection._command({ command: 'join', conversationId: this.conversationId, role });
  }
  /** Closes this dialog. */
  async close(reason?: string, cause?: string): Promise<void> {
    await this.connection._command({ command: 'closeDialog', dialogId: this.dialogId, reason, cause });
  }
  /** Sends a text message to this dialog. */
  async sendMessage(text: string, metadata?: unknown, quickReplies?: unknown): Promise<{ sequence: number }> {
    return this.connection._send({ command: 'sendMessage', conversationId: this.conversationId, dialogId: this.dialogId, text, metadata: metadata ?? undefined, quickReplies: quickReplies ?? undefined });
  }
  /** Sends structured content to this dialog. */
  async sendRichText(content: unknown, metadata?: unknown, quickReplies?: unknown): Promise<{ sequence: number }> {
    return this.connection._send({ command: 'sendRichText', conversationId: this.conversationId, dialogId: this.dialogId, content, metadata: metadata ?? undefined, quickReplies: quickReplies ?? undefined });
  }
  /** Sends a message only agents and managers see (brand). */
  async sendPrivateMessage(text: string, metadata?: unknown): Promise<{ sequence: number }> {
    return this.connection._send({ command: 'sendPrivateMessage', conversationId: this.conversationId, dialogId: this.dialogId, text, metadata: metadata ?? undefined });
  }
  /** Sends ACCEPT receipts. */
  async sendAcceptStatus(sequences: number[]): Promise<void> {
    await this.connection._command({ command: 'sendReceipt', dialogId: this.dialogId, status: 'ACCEPT', sequences });
  }
  /** Sends READ receipts. */
  async sendReadStatus(sequences: number[]): Promise<void> {
    await this.connection._command({ command: 'sendReceipt', dialogId: this.dialogId, status: 'READ', sequences });
  }
  /** Sets this user's chat state (`COMPOSING`, `ACTIVE`, …). */
  async setChatState(chatState: string): Promise<void> {
    await this.connection._command({ command: 'setChatState', conversationId: this.conversationId, dialogId: this.dialogId, chatState });
  }
  /** Fetches messages (brand); they are merged into `messages`. */
  async queryMessages(query: MessageQuery = {}): Promise<Message[]> {
    await this.connection._command({ command: 'queryMessages', dialogId: this.dialogId, ...query });
    return this.messages;
  }
  /** Loads every message of the dialog into `messages` (brand). */
  async getAllPublishEvents(): Promise<Message[]> {
    await this.connection._command({ command: 'getAllPublishEvents', dialogId: this.dialogId });
    return this.messages;
  }
}
