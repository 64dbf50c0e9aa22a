import { EventEmitter } from './emitter.js';
import type { Connection } from './connection.js';
import type { Conversation } from './conversation.js';
import type { Dialog } from './dialog.js';
import type { Participant, ParticipantRef } from './participant.js';

interface MessageView {
  conversationId: string;
  dialogId: string;
  sequence: number;
  time: number | null;
  contentType: string;
  body: unknown;
  quickReplies: unknown;
  audience: string;
  metadata: unknown[] | null;
  sentByCurrentUser: boolean;
  isDownloadable: boolean;
  relativePath: string | null;
  fileType: string | null;
  caption: string | null;
  preview: string | null;
  hasConsumerRead: boolean;
  hasAssignedAgentRead: boolean;
  participant: ParticipantRef;
}

/** A downloaded file. */
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

  /** @internal */
  constructor(private readonly connection: Connection, private readonly dialogId: string, /** Sequence in the dialog. */ readonly sequence: number) {
    super();
  }

  private view(): MessageView {
    const v = this.connection._core().message(this.dialogId, this.sequence);
    if (v !== undefined) this.last = JSON.parse(v) as MessageView;
    if (!this.last) throw new Error(`message ${this.dialogId}/${this.sequence} is no longer known`);
    return this.last;
  }

  /** The dialog. */
  get dialog(): Dialog {
    return this.connection._dialog(this.view().conversationId, this.dialogId);
  }
  /** The conversation. */
  get conversation(): Conversation {
    return this.connection._conversation(this.view().conversationId);
  }
  /** Server time (epoch ms). */
  get time(): number | null {
    return this.view().time;
  }
  /** Text, or the structured content of a rich message. */
  get body(): unknown {
    return this.view().body;
  }
  /** `text/plain`, `RichContentEvent`, `hosted/file`, … */
  get contentType(): string {
    return this.view().contentType;
  }
  /** `ALL` or `AGENTS_AND_MANAGERS` (private). */
  get messageAudience(): string {
    return this.view().audience;
  }
  /** Metadata array, or null. */
  get metadata(): unknown[] | null {
    return this.view().metadata;
  }
  /** Quick replies attached to the message, or null. */
  get quickReplies(): unknown {
    return this.view().quickReplies;
  }
  /** The sender. */
  get participant(): Participant {
    return this.connection._participant(this.view().participant);
  }
  /** True for a hosted file that can be downloaded. */
  get isDownloadable(): boolean {
    return this.view().isDownloadable;
  }
  /** Path of a hosted file. */
  get relativePath(): string | null {
    return this.view().relativePath;
  }
  /** File type of a hosted file (`PNG`, …). */
  get fileType(): string | null {
    return this.view().fileType;
  }
  /** Caption of a hosted file. */
  get caption(): string | null {
    return this.view().caption;
  }
  /** Thumbnail of an image file (data URL). */
  get preview(): string | null {
    return this.view().preview;
  }

  /** True if this connection's user sent the message. */
  sentByCurrentUser(): boolean {
    return this.view().sentByCurrentUser;
  }
  /** True if the consumer has read the message. */
  hasConsumerRead(): boolean {
    return this.view().hasConsumerRead;
  }
  /** True if the assigned agent has read the message. */
  hasAssignedAgentRead(): boolean {
    return this.view().hasAssignedAgentRead;
  }

  /** Sends an ACCEPT receipt for this message. */
  async accept(): Promise<void> {
    await this.connection._command({ command: 'sendReceipt', dialogId: this.dialogId, status: 'ACCEPT', sequences: [this.sequence] });
  }

  /** Sends a READ receipt for this message. */
  async read(): Promise<void> {
    await this.connection._command({ command: 'sendReceipt', dialogId: this.dialogId, status: 'READ', sequences: [this.sequence] });
  }

  /** Downloads the hosted file of this message. */
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
