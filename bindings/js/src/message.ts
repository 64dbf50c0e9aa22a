import { EventEmitter } from './emitter.js';
import type { Connection } from './connection.js';
import type { Conversation } from './conversation.js';
import type { Dialog } from './dialog.js';
import type { MessageContent } from './generated/MessageContent.js';
import type { Participant } from './participant.js';
import type { MessageView } from './generated/MessageView.js';


/**
 * A downloaded file.
 *
 * @example
 * ```js
 * const { data, filename } = await message.downloadFile();
 * require('node:fs').writeFileSync(filename ?? 'download.bin', data);
 * ```
 */
export interface DownloadedFile {
  /** The bytes (a Node.js `Buffer`, which is a `Uint8Array`, in Node.js; an `ArrayBuffer` in browsers). */
  data: ArrayBuffer | Uint8Array;
  /** Last segment of the file's path. */
  filename: string | null;
}

/**
 * One message of a dialog.
 *
 * @example
 * ```js
 * conversation.on('message', async message => {
 *   if (message.participant.role !== lpm.ParticipantRole.CONSUMER) return;
 *   await message.accept();
 *   console.log(message.body);
 *   await message.read();
 * });
 * ```
 */
export class Message extends EventEmitter {
  private last: MessageView | undefined;
  private lastContent: MessageContent | undefined;

  /** @internal */
  constructor(
    private readonly connection: Connection,
    private readonly dialogId: string,
    /**
     * Sequence in the dialog.
     *
     * @example
     * ```js
     * await message.dialog.sendReadStatus([message.sequence]);
     * ```
     */
    readonly sequence: number,
    /** @internal its stored fields, when the core's `message` event carried them */
    content?: MessageContent,
  ) {
    super();
    this.lastContent = content;
  }

  private view(): MessageView {
    const v = this.connection._core().message(this.dialogId, this.sequence);
    if (v !== undefined) this.last = JSON.parse(v) as MessageView;
    if (!this.last) throw new Error(`message ${this.dialogId}/${this.sequence} is no longer known`);
    return this.last;
  }

  /**
   * The stored fields only: what `body`, `time`, … read (a fraction of a full view's cost).
   * Read once: a message's stored fields never change (receipts, which do, are in the view).
   */
  private content(): MessageContent {
    if (this.lastContent) return this.lastContent;
    const v = this.connection._core().messageContent(this.dialogId, this.sequence);
    if (v !== undefined) this.lastContent = JSON.parse(v) as MessageContent;
    return this.lastContent ?? this.view();
  }

  /**
   * The dialog.
   *
   * @example
   * ```js
   * await message.dialog.sendReadStatus([message.sequence]);
   * ```
   */
  get dialog(): Dialog {
    return this.connection._dialog(this.content().conversationId, this.dialogId);
  }
  /**
   * The conversation.
   *
   * @example
   * ```js
   * connection.on('conversation:message', ({ message }) => console.log(message.conversation.conversationId, message.body));
   * ```
   */
  get conversation(): Conversation {
    return this.connection._conversation(this.content().conversationId);
  }
  /**
   * Server time (epoch ms), or null.
   *
   * @example
   * ```js
   * console.log(new Date(message.time).toISOString(), message.body);
   * ```
   */
  get time(): number | null {
    return this.content().time;
  }
  /**
   * Text, or the structured content of a rich message.
   *
   * @example
   * ```js
   * if (message.contentType === lpm.ContentType.PLAIN_TEXT && /agent/i.test(message.body)) {
   *   await message.conversation.transfer({ skillId: '12' });
   * }
   * ```
   */
  get body(): unknown {
    return this.content().body;
  }
  /**
   * `text/plain`, `RichContentEvent`, `hosted/file`, … (see `ContentType`).
   *
   * @example
   * ```js
   * if (message.contentType === lpm.ContentType.RICH_TEXT) console.log(JSON.stringify(message.body));
   * ```
   */
  get contentType(): string {
    return this.content().contentType;
  }
  /**
   * `ALL` or `AGENTS_AND_MANAGERS` (private).
   *
   * @example
   * ```js
   * const isPrivate = message.messageAudience === lpm.MessageAudience.AGENTS_AND_MANAGERS;
   * ```
   */
  get messageAudience(): string {
    return this.content().audience;
  }
  /**
   * Metadata array, or null.
   *
   * @example
   * ```js
   * const externalId = message.metadata?.find(m => m.type === 'ExternalId')?.id;
   * ```
   */
  get metadata(): unknown[] | null {
    // the core keeps metadata as the JSON it came as: an array (UMS's `metadata` list)
    return this.content().metadata as unknown[] | null;
  }
  /**
   * Quick replies attached to the message, or null.
   *
   * @example
   * ```js
   * for (const reply of message.quickReplies?.replies ?? []) console.log(reply.title);
   * ```
   */
  get quickReplies(): unknown {
    return this.content().quickReplies;
  }
  /**
   * The sender.
   *
   * @example
   * ```js
   * if (message.participant.role === lpm.ParticipantRole.CONSUMER) await message.read();
   * ```
   */
  get participant(): Participant {
    return this.connection._participant(this.view().participant);
  }
  /**
   * True for a hosted file that can be downloaded.
   *
   * @example
   * ```js
   * if (message.isDownloadable) {
   *   const { data } = await message.downloadFile();
   * }
   * ```
   */
  get isDownloadable(): boolean {
    return this.view().isDownloadable;
  }
  /**
   * Path of a hosted file, or null.
   *
   * @example
   * ```js
   * const { data } = await connection.downloadFile(message.relativePath);
   * ```
   */
  get relativePath(): string | null {
    return this.view().relativePath;
  }
  /**
   * File type of a hosted file (`PNG`, …), or null.
   *
   * @example
   * ```js
   * if (message.fileType === 'PDF') console.log('document received:', message.caption);
   * ```
   */
  get fileType(): string | null {
    return this.view().fileType;
  }
  /**
   * Caption of a hosted file, or null.
   *
   * @example
   * ```js
   * console.log(`${message.fileType} file: ${message.caption ?? '(no caption)'}`);
   * ```
   */
  get caption(): string | null {
    return this.view().caption;
  }
  /**
   * Thumbnail of an image file (data URL), or null.
   *
   * @example
   * ```js
   * if (message.preview) img.src = message.preview;
   * ```
   */
  get preview(): string | null {
    return this.view().preview;
  }

  /**
   * True if this connection's user sent the message.
   *
   * @example
   * ```js
   * conversation.on('message', async message => {
   *   if (!message.sentByCurrentUser()) await message.accept();
   * });
   * ```
   */
  sentByCurrentUser(): boolean {
    return this.view().sentByCurrentUser;
  }
  /**
   * True if the consumer has read the message.
   *
   * @example
   * ```js
   * conversation.on('message-delivery-event', messages => {
   *   for (const m of messages) if (m.hasConsumerRead()) console.log('read:', m.sequence);
   * });
   * ```
   */
  hasConsumerRead(): boolean {
    return this.view().hasConsumerRead;
  }
  /**
   * True if the assigned agent has read the message.
   *
   * @example
   * ```js
   * const unanswered = conversation.openDialog.messages.filter(m => !m.hasAssignedAgentRead());
   * ```
   */
  hasAssignedAgentRead(): boolean {
    return this.view().hasAssignedAgentRead;
  }

  /**
   * Sends an ACCEPT receipt for this message.
   *
   * @example
   * ```js
   * conversation.on('message', message => message.accept());
   * ```
   */
  async accept(): Promise<void> {
    await this.connection._command({ command: 'sendReceipt', dialogId: this.dialogId, status: 'ACCEPT', sequences: [this.sequence] });
  }

  /**
   * Sends a READ receipt for this message.
   *
   * @example
   * ```js
   * await message.accept();
   * await message.read();
   * ```
   */
  async read(): Promise<void> {
    await this.connection._command({ command: 'sendReceipt', dialogId: this.dialogId, status: 'READ', sequences: [this.sequence] });
  }

  /**
   * Downloads the hosted file of this message; rejects when it has none.
   *
   * @example
   * ```js
   * if (message.isDownloadable) {
   *   const { data, filename } = await message.downloadFile();
   *   console.log(filename, data.byteLength);
   * }
   * ```
   */
  async downloadFile(): Promise<DownloadedFile> {
    const path = this.relativePath;
    if (!path) throw new TypeError('this message has no file to download');
    return this.connection.downloadFile(path);
  }

  /** @internal */
  toJSON(): Omit<MessageView, 'participant'> {
    const { participant: _p, ...rest } = this.view();
    return rest;
  }
}
