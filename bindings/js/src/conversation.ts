import { EventEmitter } from './emitter.js';
import type { Connection } from './connection.js';
import type { Dialog } from './dialog.js';
import type { MessageQuery } from './dialog.js';
import type { Message } from './message.js';
import type { Participant } from './participant.js';
import type { Skill } from './skill.js';
import { fromThrown } from './errors.js';
import type { ConversationView } from './generated/ConversationView.js';


/**
 * Target of `transfer`: a skill id, an agent id (`accountId.userId`), or both.
 *
 * @example
 * ```js
 * await conversation.transfer({ skillId: '12' });
 * ```
 */
export interface TransferTarget {
  skillId?: string;
  agentId?: string;
  /** Conversation-level request metadata, e.g. `{type: 'ActionReason', reason: 'escalated_by_bot'}`. */
  metadata?: RequestMetadata;
}

/**
 * Request-level metadata: one object or an array of objects, each with a `type`
 * (`ExternalId`, `ActionReason`, `BotResponse`, `EscalationSummary`, …). Messages take it
 * (`sendMessage(text, metadata)`), and so do the conversation- and dialog-level requests:
 * `join`, `leave`, `transfer`, `backToQueue`, `close`, `setTTR`, `setManualETTR`, `setNote`,
 * `dialog.close` and `connection.closeConversation` (LivePerson's SDK listed these as "not
 * yet supported"). Anything else is refused with an `LpmError` before a request is sent.
 *
 * @example
 * ```js
 * await conversation.transfer({ skillId: '12', metadata: { type: 'ActionReason', reason: 'escalated_by_bot', reasonId: '3' } });
 * await conversation.close([{ type: 'ExternalId', id: 'ticket-42' }]);
 * ```
 */
export type RequestMetadata = Record<string, unknown> | Array<Record<string, unknown>>;

/**
 * A conversation. Events: `message`, `message-delivery-event`, `close`, `transfer-skill`,
 * `transfer-agent`, `back-to-queue`, `participant-added`, `participant-removed`,
 * `participant-suggested`, `participant-suggested-removed`, `consumer-step-up`,
 * `skill-change`, `group-change`, `ttr-change`, `manual-ettr-change`, `dialog`, `dialog:close`,
 * `notification-ignored`, `notification-out-of-order`, `conversation-deleted`.
 *
 * @example
 * ```js
 * const conversation = await connection.createConversation();
 * conversation.on('message', message => console.log(message.body));
 * await conversation.sendMessage('hello');
 * await conversation.close();
 * ```
 */
export class Conversation extends EventEmitter {
  private last: ConversationView | undefined;

  /** @internal */
  constructor(
    private readonly connection: Connection,
    /**
     * Conversation id.
     *
     * @example
     * ```js
     * const same = connection.getConversationById(conversation.conversationId);
     * ```
     */
    readonly conversationId: string,
  ) {
    super();
  }

  private view(): ConversationView {
    const v = this.connection._core().conversation(this.conversationId);
    if (v !== undefined) this.last = JSON.parse(v) as ConversationView;
    if (!this.last) throw new Error(`conversation ${this.conversationId} is no longer known`);
    return this.last;
  }

  /**
   * Account (brand) id.
   *
   * @example
   * ```js
   * console.log(`${conversation.accountId}/${conversation.conversationId}`);
   * ```
   */
  get accountId(): string { return this.view().accountId; }
  /**
   * `OPEN`, `CLOSE`, `LOCKED` (`CLOSING` while `close()` runs).
   *
   * @example
   * ```js
   * if (conversation.stage === lpm.ConversationState.OPEN) await conversation.sendMessage('Still there?');
   * ```
   */
  get stage(): string { return this.view().stage; }
  /**
   * When the conversation started (epoch ms), or null.
   *
   * @example
   * ```js
   * console.log('started at', new Date(conversation.startTime));
   * ```
   */
  get startTime(): number | null { return this.view().startTime; }
  /**
   * When the conversation last changed (epoch ms), or null.
   *
   * @example
   * ```js
   * const idleMs = Date.now() - (conversation.updateTime ?? Date.now());
   * ```
   */
  get updateTime(): number | null { return this.view().updateTime; }
  /**
   * When the conversation closed (epoch ms), or null while open.
   *
   * @example
   * ```js
   * conversation.on('close', () => console.log('closed at', new Date(conversation.closeTime)));
   * ```
   */
  get closeTime(): number | null { return this.view().closeTime; }
  /**
   * Who closed it: `CONSUMER`, `AGENT` or `SYSTEM` (null while open).
   *
   * @example
   * ```js
   * conversation.on('close', () => console.log('closed by', conversation.closeReason));
   * ```
   */
  get closeReason(): string | null { return this.view().closeReason; }
  /**
   * The skill the conversation is routed to.
   *
   * @example
   * ```js
   * if (conversation.skill.skillId === '12') await conversation.sendMessage('Billing here, how can I help?');
   * ```
   */
  get skill(): Skill { return this.connection._skill(this.view().skillId); }
  /**
   * Agent group, or null.
   *
   * @example
   * ```js
   * console.log('agent group', conversation.groupId);
   * ```
   */
  get groupId(): string | null { return this.view().groupId; }
  /**
   * Time-to-respond type (`NORMAL`, `URGENT`, `PRIORITIZED`, `CUSTOM`), or null.
   *
   * @example
   * ```js
   * if (conversation.ttrType === lpm.TTRType.URGENT) console.log('answer first:', conversation.conversationId);
   * ```
   */
  get ttrType(): string | null { return this.view().ttrType; }
  /**
   * Time-to-respond value (s), or null.
   *
   * @example
   * ```js
   * console.log(`respond within ${conversation.ttrValue} s`);
   * ```
   */
  get ttrValue(): number | null { return this.view().ttrValue; }
  /**
   * Response deadline (epoch ms), or null.
   *
   * @example
   * ```js
   * const overdue = conversation.ttrEffective !== null && conversation.ttrEffective < Date.now();
   * ```
   */
  get ttrEffective(): number | null { return this.view().ttrEffective; }
  /**
   * Manual response deadline (epoch ms), or null.
   *
   * @example
   * ```js
   * console.log('manual deadline', new Date(conversation.ttrEffectiveManual));
   * ```
   */
  get ttrEffectiveManual(): number | null { return this.view().ttrEffectiveManual; }
  /**
   * Unread counts by user id.
   *
   * @example
   * ```js
   * for (const [userId, count] of Object.entries(conversation.numberOfunreadMessages)) console.log(userId, count);
   * ```
   */
  get numberOfunreadMessages(): Record<string, number> { return this.view().numberOfUnreadMessages; }
  /**
   * CSAT rate, or null when not rated.
   *
   * @example
   * ```js
   * conversation.on('close', () => console.log('CSAT', conversation.csat));
   * ```
   */
  get csat(): number | null { return this.view().csatRate; }
  /**
   * Conversation note, or null.
   *
   * @example
   * ```js
   * console.log(conversation.note ?? '(no note)');
   * ```
   */
  get note(): string | null { return this.view().note; }
  /**
   * Campaign id, or null.
   *
   * @example
   * ```js
   * console.log(conversation.campaignId, conversation.engagementId);
   * ```
   */
  get campaignId(): string | null { return this.view().campaignId; }
  /**
   * Engagement id, or null.
   *
   * @example
   * ```js
   * console.log(conversation.campaignId, conversation.engagementId);
   * ```
   */
  get engagementId(): string | null { return this.view().engagementId; }
  /**
   * App installation id, or null.
   *
   * @example
   * ```js
   * console.log('app installation', conversation.appInstId);
   * ```
   */
  get appInstId(): string | null { return this.view().appInstId; }
  /**
   * Handler account, or null.
   *
   * @example
   * ```js
   * console.log(conversation.handlerAccountId, conversation.handlerSkillId);
   * ```
   */
  get handlerAccountId(): string | null { return this.view().handlerAccountId; }
  /**
   * Handler skill, or null.
   *
   * @example
   * ```js
   * console.log(conversation.handlerAccountId, conversation.handlerSkillId);
   * ```
   */
  get handlerSkillId(): string | null { return this.view().handlerSkillId; }
  /**
   * True for the consumer's first conversation (null when unknown).
   *
   * @example
   * ```js
   * if (conversation.firstConversation) await conversation.sendMessage('Welcome!');
   * ```
   */
  get firstConversation(): boolean | null { return this.view().firstConversation; }
  /**
   * Conversation context (without client properties).
   *
   * @example
   * ```js
   * console.log(conversation.context?.type); // e.g. 'SharkContext'
   * ```
   */
  get context(): unknown { return this.view().context; }
  /**
   * Client properties of the consumer.
   *
   * @example
   * ```js
   * console.log(conversation.clientProperties?.deviceFamily, conversation.clientProperties?.os);
   * ```
   */
  get clientProperties(): unknown { return this.view().clientProperties; }
  /**
   * Processed notifications.
   *
   * @example
   * ```js
   * console.log('notifications', conversation.notificationCount);
   * ```
   */
  get notificationCount(): number { return this.view().notificationCount; }
  /**
   * Duplicate notifications ignored.
   *
   * @example
   * ```js
   * console.log('duplicates', conversation.notificationIgnoredCount);
   * ```
   */
  get notificationIgnoredCount(): number { return this.view().notificationIgnoredCount; }
  /**
   * Out-of-order notifications dropped.
   *
   * @example
   * ```js
   * console.log('out of order', conversation.notificationOutOfOrderCount);
   * ```
   */
  get notificationOutOfOrderCount(): number { return this.view().notificationOutOfOrderCount; }

  /**
   * All dialogs.
   *
   * @example
   * ```js
   * for (const dialog of conversation.dialogs) console.log(dialog.dialogType, dialog.state);
   * ```
   */
  get dialogs(): Dialog[] {
    return this.view().dialogIds.map((d) => this.connection._dialog(this.conversationId, d));
  }
  /**
   * The open messaging dialog, or null when closed.
   *
   * @example
   * ```js
   * await conversation.openDialog?.setChatState(lpm.ParticipantChatState.COMPOSING);
   * ```
   */
  get openDialog(): Dialog | null {
    const d = this.view().openDialogId;
    return d ? this.connection._dialog(this.conversationId, d) : null;
  }
  /**
   * The consumer, or null.
   *
   * @example
   * ```js
   * const profile = await conversation.consumer?.getUserProfile();
   * ```
   */
  get consumer(): Participant | null {
    const r = this.view().consumer;
    return r ? this.connection._participant(r) : null;
  }
  /**
   * The assigned agent, or null.
   *
   * @example
   * ```js
   * console.log('handled by', conversation.assignedAgent?.agentId ?? 'nobody');
   * ```
   */
  get assignedAgent(): Participant | null {
    const r = this.view().assignedAgent;
    return r ? this.connection._participant(r) : null;
  }

  /**
   * The most recent dialog of a type, or null.
   *
   * @example
   * ```js
   * const survey = conversation.getDialog(lpm.DialogType.POST_SURVEY);
   * ```
   */
  getDialog(type: string): Dialog | null {
    const d = this.connection._core().dialogByType(this.conversationId, type);
    return d ? this.connection._dialog(this.conversationId, d) : null;
  }
  /**
   * The newest message sent by the consumer, or null.
   *
   * @example
   * ```js
   * const last = conversation.getLatestConsumerMessage();
   * if (last) console.log('consumer said', last.body);
   * ```
   */
  getLatestConsumerMessage(): Message | null {
    const r = this.view().latestConsumerMessage;
    return r ? this.connection._message(r.dialogId, r.sequence) : null;
  }

  /**
   * Joins the conversation with a role (brand), optionally with request metadata
   * ({@link RequestMetadata}).
   *
   * @example
   * ```js
   * await conversation.join(lpm.ParticipantRole.MANAGER);
   * await other.join(lpm.ParticipantRole.AGENT, { type: 'ActionReason', reason: 'supervisor_review' });
   * ```
   */
  async join(role: string, metadata?: RequestMetadata): Promise<void> {
    await this.connection._command({ command: 'join', conversationId: this.conversationId, role, metadata: metadata ?? undefined });
  }
  /**
   * Leaves the conversation (brand), optionally with request metadata.
   *
   * @example
   * ```js
   * await conversation.leave();
   * await other.leave({ type: 'ActionReason', reason: 'bot_done' });
   * ```
   */
  async leave(metadata?: RequestMetadata): Promise<void> {
    await this.connection._command({ command: 'leave', conversationId: this.conversationId, metadata: metadata ?? undefined });
  }
  /**
   * Transfers to a skill and/or suggests an agent (brand); `metadata` is sent with the
   * request (e.g. why a bot escalates).
   *
   * @example
   * ```js
   * await conversation.transfer({ skillId: '12' });
   * await conversation.transfer({ agentId: '12345678.3456' }); // the agent has to accept
   * await other.transfer({ skillId: '12', metadata: { type: 'ActionReason', reason: 'escalated_by_bot' } });
   * ```
   */
  async transfer(target: TransferTarget): Promise<void> {
    await this.connection._command({ command: 'transfer', conversationId: this.conversationId, skillId: target?.skillId, agentId: target?.agentId, metadata: target?.metadata ?? undefined });
  }
  /**
   * Removes the assigned agent and puts the conversation back in its skill's queue (brand),
   * optionally with request metadata; the conversation emits `back-to-queue`.
   *
   * @example
   * ```js
   * await conversation.backToQueue({ type: 'ActionReason', reason: 'shift_ended' });
   * ```
   */
  async backToQueue(metadata?: RequestMetadata): Promise<void> {
    await this.connection._command({ command: 'backToQueue', conversationId: this.conversationId, metadata: metadata ?? undefined });
  }
  /**
   * Closes the conversation, optionally with request metadata.
   *
   * @example
   * ```js
   * await conversation.sendMessage('Goodbye!');
   * await conversation.close();
   * // or, saying why:
   * await other.close({ type: 'ActionReason', reason: 'resolved_by_bot' });
   * ```
   */
  async close(metadata?: RequestMetadata): Promise<void> {
    await this.connection._command({ command: 'closeConversation', conversationId: this.conversationId, metadata: metadata ?? undefined });
  }
  /**
   * Continues a closed conversation (consumer): a new conversation with this one's skill,
   * context and campaign, its context naming this one as `originConversationId`.
   *
   * @example
   * ```js
   * const next = await conversation.resumeConversation();
   * await next.sendMessage('One more question');
   * ```
   */
  async resumeConversation(): Promise<Conversation> {
    return this.connection._createdConversation({ command: 'resumeConversation', conversationId: this.conversationId });
  }
  /**
   * Sends a text message (`#md#…#/md#` for markdown); resolves with its sequence.
   *
   * @example
   * ```js
   * const { sequence } = await conversation.sendMessage('#md#**Order shipped**#/md#');
   * await conversation.sendMessage('Done', [{ type: 'ExternalId', id: 'order-42' }]);
   * ```
   */
  async sendMessage(text: string, metadata?: unknown, quickReplies?: unknown): Promise<{ sequence: number }> {
    return this.connection._send({ command: 'sendMessage', conversationId: this.conversationId, text, metadata: metadata ?? undefined, quickReplies: quickReplies ?? undefined });
  }
  /**
   * Sends structured content; resolves with its sequence.
   *
   * @example
   * ```js
   * await conversation.sendRichText({ type: 'vertical', elements: [{ type: 'text', text: 'Your order' }] });
   * ```
   */
  async sendRichText(content: unknown, metadata?: unknown, quickReplies?: unknown): Promise<{ sequence: number }> {
    return this.connection._send({ command: 'sendRichText', conversationId: this.conversationId, content, metadata: metadata ?? undefined, quickReplies: quickReplies ?? undefined });
  }
  /**
   * Sends a message only agents and managers see (brand).
   *
   * @example
   * ```js
   * await conversation.sendPrivateMessage('VIP customer, be nice');
   * ```
   */
  async sendPrivateMessage(text: string, metadata?: unknown): Promise<{ sequence: number }> {
    return this.connection._send({ command: 'sendPrivateMessage', conversationId: this.conversationId, text, metadata: metadata ?? undefined });
  }
  /**
   * Uploads a file (ArrayBuffer, Node.js Buffer or any typed array) and publishes it as a
   * message with an optional caption; resolves with its path and sequence.
   *
   * @example
   * ```js
   * const bytes = require('node:fs').readFileSync('receipt.png');
   * const { relativePath } = await conversation.uploadFile(bytes, 'Your receipt');
   * ```
   */
  async uploadFile(file: ArrayBuffer | ArrayBufferView, caption?: string): Promise<{ relativePath: string; sequence: number }> {
    return this.connection._uploadFile(this.conversationId, file, caption);
  }
  /**
   * Fetches messages of the open dialog (brand); rejects when there is none.
   *
   * @example
   * ```js
   * const messages = await conversation.queryMessages({ maxQuantity: 50 });
   * ```
   */
  async queryMessages(query: MessageQuery = {}): Promise<Message[]> {
    const d = this.openDialog;
    if (!d) throw new Error('No open dialog');
    return d.queryMessages(query);
  }
  /**
   * Replaces the conversation note (brand), optionally with request metadata.
   *
   * @example
   * ```js
   * await conversation.setNote('Refund approved');
   * await conversation.setNote('VIP customer', { type: 'ExternalId', id: 'crm-42' });
   * ```
   */
  async setNote(note: string, metadata?: RequestMetadata): Promise<void> {
    await this.connection._command({ command: 'setNote', conversationId: this.conversationId, note, metadata: metadata ?? undefined });
  }
  /**
   * Rates the conversation (consumer): a rate `'0'`..`'5'`, whether it was resolved, and a `CsatStatus`.
   *
   * @example
   * ```js
   * await conversation.setCsat('5', true);
   * ```
   */
  async setCsat(csatRate: string, resolutionConfirmation: boolean, status?: string): Promise<void> {
    await this.connection._command({ command: 'setCsat', conversationId: this.conversationId, csatRate: String(csatRate), resolutionConfirmation, status });
  }
  /**
   * Sets the time-to-respond type (value in seconds, only for `CUSTOM`).
   *
   * @example
   * ```js
   * await conversation.setTTR(lpm.TTRType.URGENT);
   * await conversation.setTTR(lpm.TTRType.CUSTOM, 600);
   * await conversation.setTTR(lpm.TTRType.URGENT, 0, { type: 'ActionReason', reason: 'vip' }); // with request metadata
   * ```
   */
  async setTTR(ttrType: string, value = 0, metadata?: RequestMetadata): Promise<void> {
    await this.connection._command({ command: 'setTtr', conversationId: this.conversationId, ttrType, value, metadata: metadata ?? undefined });
  }
  /**
   * Sets a manual response deadline (epoch ms; brand), optionally with request metadata.
   *
   * @example
   * ```js
   * await conversation.setManualETTR(Date.now() + 30 * 60 * 1000);
   * await conversation.setManualETTR(Date.now() + 60 * 60 * 1000, { type: 'ActionReason', reason: 'callback_promised' });
   * ```
   */
  async setManualETTR(time: number, metadata?: RequestMetadata): Promise<void> {
    await this.connection._command({ command: 'setManualEttr', conversationId: this.conversationId, time, metadata: metadata ?? undefined });
  }
  /**
   * The conversation as JSON for persistence (message bodies replaced by SHA-256 hashes);
   * restore it with `connection.loadConversation(json)`.
   *
   * @example
   * ```js
   * const json = conversation.serialize();
   * // later, maybe in another process:
   * const restored = connection.loadConversation(json);
   * ```
   */
  serialize(): string {
    try {
      return this.connection._core().serializeConversation(this.conversationId);
    } catch (e) {
      throw fromThrown(e);
    }
  }
  /**
   * Drops a conversation loaded with `loadConversation` from the connection; true if it was held.
   *
   * @example
   * ```js
   * const conversation = connection.loadConversation(json);
   * // … work with it …
   * conversation.unload();
   * ```
   */
  unload(): boolean {
    return this.connection._core().unloadConversation(this.conversationId);
  }
  /**
   * Replaces the consumer participant (consumer step-up).
   *
   * @example
   * ```js
   * await conversation.consumerTakeover(connection.userId);
   * ```
   */
  async consumerTakeover(newConsumerId: string): Promise<void> {
    await this.connection._command({ command: 'consumerTakeover', conversationId: this.conversationId, newConsumerId });
  }
}
