import { EventEmitter } from './emitter.js';
import type { Connection } from './connection.js';
import type { Dialog } from './dialog.js';
import type { MessageQuery } from './dialog.js';
import type { Message } from './message.js';
import type { Participant, ParticipantRef } from './participant.js';
import type { Skill } from './skill.js';
import { fromThrown } from './errors.js';

interface ConversationView {
  conversationId: string;
  accountId: string;
  stage: string;
  state: string | null;
  startTime: number | null;
  updateTime: number | null;
  closeTime: number | null;
  closeReason: string | null;
  skillId: string;
  groupId: string | null;
  ttrType: string | null;
  ttrValue: number | null;
  ttrEffective: number | null;
  ttrEffectiveManual: number | null;
  numberOfUnreadMessages: Record<string, number>;
  csat: unknown;
  csatRate: number | null;
  note: string | null;
  campaignId: string | null;
  engagementId: string | null;
  appInstId: string | null;
  handlerAccountId: string | null;
  handlerSkillId: string | null;
  firstConversation: boolean | null;
  context: unknown;
  clientProperties: unknown;
  notificationCount: number;
  notificationIgnoredCount: number;
  notificationOutOfOrderCount: number;
  dialogIds: string[];
  openDialogId: string | null;
  mainDialogId: string | null;
  consumer: ParticipantRef | null;
  assignedAgent: ParticipantRef | null;
  latestConsumerMessage: { dialogId: string; sequence: number } | null;
}

/** Target of `transfer`. */
export interface TransferTarget {
  skillId?: string;
  agentId?: string;
}

/**
 * A conversation. Events: `message`, `message-delivery-event`, `close`, `transfer-skill`,
 * `transfer-agent`, `back-to-queue`, `participant-added`, `participant-removed`,
 * `participant-suggested`, `participant-suggested-removed`, `consumer-step-up`,
 * `skill-change`, `group-change`, `ttr-change`, `manual-ettr-change`, `dialog`, `dialog:close`,
 * `notification-ignored`, `notification-out-of-order`.
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
  constructor(private readonly connection: Connection, /** Conversation id. */ readonly conversationId: string) {
    super();
  }

  private view(): ConversationView {
    const v = this.connection._core().conversation(this.conversationId);
    if (v !== undefined) this.last = JSON.parse(v) as ConversationView;
    if (!this.last) throw new Error(`conversation ${this.conversationId} is no longer known`);
    return this.last;
  }

  /** Account (brand) id. */
  get accountId(): string { return this.view().accountId; }
  /** `OPEN`, `CLOSE`, `LOCKED` (`CLOSING` while `close()` runs). */
  get stage(): string { return this.view().stage; }
  /** Epoch ms. */
  get startTime(): number | null { return this.view().startTime; }
  /** Epoch ms. */
  get updateTime(): number | null { return this.view().updateTime; }
  /** Epoch ms. */
  get closeTime(): number | null { return this.view().closeTime; }
  /** `CONSUMER`, `AGENT` or `SYSTEM`. */
  get closeReason(): string | null { return this.view().closeReason; }
  /** The skill the conversation is routed to. */
  get skill(): Skill { return this.connection._skill(this.view().skillId); }
  /** Agent group. */
  get groupId(): string | null { return this.view().groupId; }
  /** Time-to-respond type. */
  get ttrType(): string | null { return this.view().ttrType; }
  /** Time-to-respond value (s). */
  get ttrValue(): number | null { return this.view().ttrValue; }
  /** Response deadline (epoch ms). */
  get ttrEffective(): number | null { return this.view().ttrEffective; }
  /** Manual response deadline (epoch ms). */
  get ttrEffectiveManual(): number | null { return this.view().ttrEffectiveManual; }
  /** Unread counts by user id. */
  get numberOfunreadMessages(): Record<string, number> { return this.view().numberOfUnreadMessages; }
  /** CSAT rate. */
  get csat(): number | null { return this.view().csatRate; }
  /** Conversation note. */
  get note(): string | null { return this.view().note; }
  /** Campaign id. */
  get campaignId(): string | null { return this.view().campaignId; }
  /** Engagement id. */
  get engagementId(): string | null { return this.view().engagementId; }
  /** App installation id. */
  get appInstId(): string | null { return this.view().appInstId; }
  /** Handler account. */
  get handlerAccountId(): string | null { return this.view().handlerAccountId; }
  /** Handler skill. */
  get handlerSkillId(): string | null { return this.view().handlerSkillId; }
  /** First conversation of the consumer. */
  get firstConversation(): boolean | null { return this.view().firstConversation; }
  /** Conversation context (without client properties). */
  get context(): unknown { return this.view().context; }
  /** Client properties of the consumer. */
  get clientProperties(): unknown { return this.view().clientProperties; }
  /** Processed notifications. */
  get notificationCount(): number { return this.view().notificationCount; }
  /** Duplicate notifications ignored. */
  get notificationIgnoredCount(): number { return this.view().notificationIgnoredCount; }
  /** Out-of-order notifications dropped. */
  get notificationOutOfOrderCount(): number { return this.view().notificationOutOfOrderCount; }

  /** All dialogs. */
  get dialogs(): Dialog[] {
    return this.view().dialogIds.map((d) => this.connection._dialog(this.conversationId, d));
  }
  /** The open messaging dialog, or null when closed. */
  get openDialog(): Dialog | null {
    const d = this.view().openDialogId;
    return d ? this.connection._dialog(this.conversationId, d) : null;
  }
  /** The consumer, or null. */
  get consumer(): Participant | null {
    const r = this.view().consumer;
    return r ? this.connection._participant(r) : null;
  }
  /** The assigned agent, or null. */
  get assignedAgent(): Participant | null {
    const r = this.view().assignedAgent;
    return r ? this.connection._participant(r) : null;
  }

  /** The most recent dialog of a type, or null. */
  getDialog(type: string): Dialog | null {
    return this.dialogs.filter((d) => d.dialogType === type).sort((a, b) => (b.updateTime ?? 0) - (a.updateTime ?? 0))[0] ?? null;
  }
  /** The newest message sent by the consumer, or null. */
  getLatestConsumerMessage(): Message | null {
    const r = this.view().latestConsumerMessage;
    return r ? this.connection._message(r.dialogId, r.sequence) : null;
  }

  /** Joins the conversation with a role (brand). */
  async join(role: string): Promise<void> {
    await this.connection._command({ command: 'join', conversationId: this.conversationId, role });
  }
  /** Leaves the conversation (brand). */
  async leave(): Promise<void> {
    await this.connection._command({ command: 'leave', conversationId: this.conversationId });
  }
  /** Transfers to a skill and/or suggests an agent (brand). */
  async transfer(target: TransferTarget): Promise<void> {
    await this.connection._command({ command: 'transfer', conversationId: this.conversationId, skillId: target?.skillId, agentId: target?.agentId });
  }
  /** Closes the conversation. */
  async close(): Promise<void> {
    await this.connection._command({ command: 'closeConversation', conversationId: this.conversationId });
  }
  /**
   * Continues a closed conversation (consumer): a new conversation with this one's skill,
   * context and campaign, its context naming this one as `originConversationId`.
   */
  async resumeConversation(): Promise<Conversation> {
    return this.connection._createdConversation({ command: 'resumeConversation', conversationId: this.conversationId });
  }
  /** Sends a text message (`#md#…#/md#` for markdown). */
  async sendMessage(text: string, metadata?: unknown, quickReplies?: unknown): Promise<{ sequence: number }> {
    return this.connection._send({ command: 'sendMessage', conversationId: this.conversationId, text, metadata: metadata ?? undefined, quickReplies: quickReplies ?? undefined });
  }
  /** Sends structured content. */
  async sendRichText(content: unknown, metadata?: unknown, quickReplies?: unknown): Promise<{ sequence: number }> {
    return this.connection._send({ command: 'sendRichText', conversationId: this.conversationId, content, metadata: metadata ?? undefined, quickReplies: quickReplies ?? undefined });
  }
  /** Sends a message only agents and managers see (brand). */
  async sendPrivateMessage(text: string, metadata?: unknown): Promise<{ sequence: number }> {
    return this.connection._send({ command: 'sendPrivateMessage', conversationId: this.conversationId, text, metadata: metadata ?? undefined });
  }
  /**
   * Uploads a file (ArrayBuffer, Node.js Buffer or any typed array) and publishes it as a
   * message with an optional caption.
   */
  async uploadFile(file: ArrayBuffer | ArrayBufferView, caption?: string): Promise<{ relativePath: string; sequence: number }> {
    return this.connection._uploadFile(this.conversationId, file, caption);
  }
  /** Fetches messages of the open dialog (brand). */
  async queryMessages(query: MessageQuery = {}): Promise<Message[]> {
    const d = this.openDialog;
    if (!d) throw new Error('No open dialog');
    return d.queryMessages(query);
  }
  /** Replaces the conversation note (brand). */
  async setNote(note: string): Promise<void> {
    await this.connection._command({ command: 'setNote', conversationId: this.conversationId, note });
  }
  /** Rates the conversation (consumer). */
  async setCsat(csatRate: string, resolutionConfirmation: boolean, status?: string): Promise<void> {
    await this.connection._command({ command: 'setCsat', conversationId: this.conversationId, csatRate: String(csatRate), resolutionConfirmation, status });
  }
  /** Sets the time-to-respond type (value only for `CUSTOM`). */
  async setTTR(ttrType: string, value = 0): Promise<void> {
    await this.connection._command({ command: 'setTtr', conversationId: this.conversationId, ttrType, value });
  }
  /** Sets a manual response deadline (brand). */
  async setManualETTR(time: number): Promise<void> {
    await this.connection._command({ command: 'setManualEttr', conversationId: this.conversationId, time });
  }
  /**
   * The conversation as JSON for persistence (message bodies replaced by SHA-256 hashes);
   * restore it with `connection.loadConversation(json)`.
   */
  serialize(): string {
    try {
      return this.connection._core().serializeConversation(this.conversationId);
    } catch (e) {
      throw fromThrown(e);
    }
  }
  /** Drops a conversation loaded with `loadConversation` from the connection. */
  unload(): boolean {
    return this.connection._core().unloadConversation(this.conversationId);
  }
  /** Replaces the consumer participant (consumer step-up). */
  async consumerTakeover(newConsumerId: string): Promise<void> {
    await this.connection._command({ command: 'consumerTakeover', conversationId: this.conversationId, newConsumerId });
  }
}
