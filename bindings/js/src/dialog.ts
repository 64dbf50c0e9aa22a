import { EventEmitter } from './emitter.js';
import type { Connection } from './connection.js';
import type { Conversation, RequestMetadata } from './conversation.js';
import type { Message } from './message.js';
import type { Participant } from './participant.js';
import type { DialogView } from './generated/DialogView.js';


/**
 * Options of `queryMessages`: at most `maxQuantity` messages, optionally within a sequence range.
 *
 * @example
 * ```js
 * const messages = await dialog.queryMessages({ maxQuantity: 20, sequenceMin: 0 });
 * ```
 */
export interface MessageQuery {
  maxQuantity?: number;
  sequenceMin?: number;
  sequenceMax?: number;
}

/**
 * One dialog of a conversation (MAIN, POST_SURVEY, …). Events: `message`,
 * `message-delivery-event`, `participant-added`, `participant-removed`, `participant-suggested`,
 * `participant-suggested-removed`, `transfer-agent`, `dialog:close`; they also reach the
 * conversation and the connection (`conversation:<event>`).
 *
 * @example
 * ```js
 * for (const message of conversation.openDialog.messages) console.log(message.body);
 * ```
 */
export class Dialog extends EventEmitter {
  private last: DialogView | undefined;

  /** @internal */
  constructor(
    private readonly connection: Connection,
    private readonly conversationId: string,
    /**
     * Dialog id.
     *
     * @example
     * ```js
     * conversation.on('dialog', dialog => console.log('new dialog', dialog.dialogId, dialog.dialogType));
     * ```
     */
    readonly dialogId: string,
  ) {
    super();
  }

  private view(): DialogView {
    const v = this.connection._core().dialog(this.dialogId);
    if (v !== undefined) this.last = JSON.parse(v) as DialogView;
    if (!this.last) throw new Error(`dialog ${this.dialogId} is no longer known`);
    return this.last;
  }

  /**
   * The conversation.
   *
   * @example
   * ```js
   * conversation.on('dialog', dialog => console.log('new dialog in', dialog.conversation.conversationId));
   * ```
   */
  get conversation(): Conversation {
    return this.connection._conversation(this.conversationId);
  }
  /**
   * `MAIN`, `POST_SURVEY`, … (see `DialogType`).
   *
   * @example
   * ```js
   * if (dialog.dialogType === lpm.DialogType.POST_SURVEY) console.log('survey started');
   * ```
   */
  get dialogType(): string {
    return this.view().dialogType;
  }
  /**
   * `MESSAGING`, `COBROWSE`, … (see `ChannelType`).
   *
   * @example
   * ```js
   * if (dialog.channelType === lpm.ChannelType.MESSAGING) await dialog.sendMessage('hi');
   * ```
   */
  get channelType(): string {
    return this.view().channelType;
  }
  /**
   * `OPEN` or `CLOSE`.
   *
   * @example
   * ```js
   * if (dialog.state === lpm.DialogState.OPEN) await dialog.close();
   * ```
   */
  get state(): string {
    return this.view().state;
  }
  /**
   * When the dialog started (epoch ms), or null.
   *
   * @example
   * ```js
   * console.log('dialog started at', new Date(dialog.startTime));
   * ```
   */
  get startTime(): number | null {
    return this.view().startTime;
  }
  /**
   * When the dialog last changed (epoch ms), or null.
   *
   * @example
   * ```js
   * console.log('last change', new Date(dialog.updateTime));
   * ```
   */
  get updateTime(): number | null {
    return this.view().updateTime;
  }
  /**
   * Active and suggested participants.
   *
   * @example
   * ```js
   * for (const p of dialog.participants) console.log(p.role, p.userId, p.state);
   * ```
   */
  get participants(): Participant[] {
    return this.view().participants.map((r) => this.connection._participant(r));
  }
  /**
   * Messages, sorted by sequence.
   *
   * @example
   * ```js
   * const texts = dialog.messages.filter(m => m.contentType === lpm.ContentType.PLAIN_TEXT).map(m => m.body);
   * ```
   */
  get messages(): Message[] {
    return this.view().sequences.map((s) => this.connection._message(this.dialogId, s));
  }
  /**
   * The assigned agent, or null.
   *
   * @example
   * ```js
   * console.log('assigned to', dialog.assignedAgent?.agentId ?? 'nobody');
   * ```
   */
  get assignedAgent(): Participant | null {
    const r = this.view().assignedAgent;
    return r ? this.connection._participant(r) : null;
  }
  /**
   * The consumer, or null.
   *
   * @example
   * ```js
   * console.log('consumer', dialog.consumer?.userId);
   * ```
   */
  get consumer(): Participant | null {
    const r = this.view().consumer;
    return r ? this.connection._participant(r) : null;
  }

  /**
   * This connection's own participant, or null.
   *
   * @example
   * ```js
   * const me = dialog.getSelfParticipant();
   * if (me?.role === lpm.ParticipantRole.ASSIGNED_AGENT) await dialog.sendMessage('I am on it');
   * ```
   */
  getSelfParticipant(): Participant | null {
    const r = this.view().self;
    return r ? this.connection._participant(r) : null;
  }
  /**
   * A present participant by user id, or null.
   *
   * @example
   * ```js
   * const participant = dialog.getParticipant(userId);
   * console.log(participant?.role, participant?.chatState);
   * ```
   */
  getParticipant(userId: string): Participant | null {
    const r = this.view().participants.find((p) => p.userId === userId);
    return r ? this.connection._participant(r) : null;
  }
  /**
   * A present participant by agent id (`accountId.userId`), or null.
   *
   * @example
   * ```js
   * const me = dialog.getParticipantByAgentId(connection.agentId);
   * ```
   */
  getParticipantByAgentId(agentId: string): Participant | null {
    return this.participants.find((p) => p.agentId === agentId || p.userId === agentId) ?? null;
  }
  /**
   * A participant that left, or null.
   *
   * @example
   * ```js
   * const left = dialog.getRemovedParticipant(userId);
   * console.log(left?.role, left?.state); // e.g. 'AGENT', 'REMOVED'
   * ```
   */
  getRemovedParticipant(userId: string): Participant | null {
    const r = this.view().removedParticipants.find((p) => p.userId === userId);
    return r ? this.connection._participant(r) : null;
  }

  /**
   * Joins the conversation (brand), optionally with request metadata.
   *
   * @example
   * ```js
   * await dialog.join(lpm.ParticipantRole.READER);
   * await dialog.join(lpm.ParticipantRole.MANAGER, { type: 'ActionReason', reason: 'supervisor_review' });
   * ```
   */
  async join(role: string, metadata?: RequestMetadata): Promise<void> {
    await this.connection._command({ command: 'join', conversationId: this.conversationId, role, metadata: metadata ?? undefined });
  }
  /**
   * Closes this dialog, optionally saying who closes it (`DialogCloseReason`), why (free
   * text) and with dialog-level request metadata.
   *
   * @example
   * ```js
   * await dialog.close(lpm.DialogCloseReason.AGENT, 'resolved');
   * await survey.close(undefined, undefined, { type: 'ActionReason', reason: 'survey_skipped' });
   * ```
   */
  async close(reason?: string, cause?: string, metadata?: RequestMetadata): Promise<void> {
    await this.connection._command({ command: 'closeDialog', dialogId: this.dialogId, reason, cause, metadata: metadata ?? undefined });
  }
  /**
   * Sends a text message to this dialog; resolves with its sequence.
   *
   * @example
   * ```js
   * const { sequence } = await dialog.sendMessage('Thanks for your feedback!');
   * ```
   */
  async sendMessage(text: string, metadata?: unknown, quickReplies?: unknown): Promise<{ sequence: number }> {
    return this.connection._send({ command: 'sendMessage', conversationId: this.conversationId, dialogId: this.dialogId, text, metadata: metadata ?? undefined, quickReplies: quickReplies ?? undefined });
  }
  /**
   * Sends structured content to this dialog; resolves with its sequence.
   *
   * @example
   * ```js
   * await dialog.sendRichText({ type: 'vertical', elements: [{ type: 'text', text: 'Rate us' }] });
   * ```
   */
  async sendRichText(content: unknown, metadata?: unknown, quickReplies?: unknown): Promise<{ sequence: number }> {
    return this.connection._send({ command: 'sendRichText', conversationId: this.conversationId, dialogId: this.dialogId, content, metadata: metadata ?? undefined, quickReplies: quickReplies ?? undefined });
  }
  /**
   * Sends a message only agents and managers see (brand).
   *
   * @example
   * ```js
   * await dialog.sendPrivateMessage('escalated to billing');
   * ```
   */
  async sendPrivateMessage(text: string, metadata?: unknown): Promise<{ sequence: number }> {
    return this.connection._send({ command: 'sendPrivateMessage', conversationId: this.conversationId, dialogId: this.dialogId, text, metadata: metadata ?? undefined });
  }
  /**
   * Sends ACCEPT receipts.
   *
   * @example
   * ```js
   * await dialog.sendAcceptStatus(dialog.messages.map(m => m.sequence));
   * ```
   */
  async sendAcceptStatus(sequences: number[]): Promise<void> {
    await this.connection._command({ command: 'sendReceipt', dialogId: this.dialogId, status: 'ACCEPT', sequences });
  }
  /**
   * Sends READ receipts.
   *
   * @example
   * ```js
   * await dialog.sendReadStatus(dialog.messages.filter(m => !m.sentByCurrentUser()).map(m => m.sequence));
   * ```
   */
  async sendReadStatus(sequences: number[]): Promise<void> {
    await this.connection._command({ command: 'sendReceipt', dialogId: this.dialogId, status: 'READ', sequences });
  }
  /**
   * Sets this user's chat state (`COMPOSING`, `ACTIVE`, …).
   *
   * @example
   * ```js
   * await dialog.setChatState(lpm.ParticipantChatState.COMPOSING);
   * await dialog.sendMessage('Let me check');
   * ```
   */
  async setChatState(chatState: string): Promise<void> {
    await this.connection._command({ command: 'setChatState', conversationId: this.conversationId, dialogId: this.dialogId, chatState });
  }
  /**
   * Fetches messages (brand); they are merged into `messages`, which it resolves with.
   *
   * @example
   * ```js
   * const messages = await dialog.queryMessages({ maxQuantity: 50 });
   * ```
   */
  async queryMessages(query: MessageQuery = {}): Promise<Message[]> {
    await this.connection._command({ command: 'queryMessages', dialogId: this.dialogId, ...query });
    return this.messages;
  }
  /**
   * Loads every message of the dialog into `messages` (brand) and resolves with them.
   *
   * @example
   * ```js
   * const history = await dialog.getAllPublishEvents();
   * console.log(history.map(m => m.body).join('\n'));
   * ```
   */
  async getAllPublishEvents(): Promise<Message[]> {
    await this.connection._command({ command: 'getAllPublishEvents', dialogId: this.dialogId });
    return this.messages;
  }
}
