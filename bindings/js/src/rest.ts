/**
 * `lpm.rest`: UMS REST v1 request helpers (brand messaging over HTTP with a bearer you already
 * hold, e.g. from `connection.getToken()`), without a connection.
 *
 * Every helper takes one object: `accountId`, `token` (the brand bearer; the `Bearer ` prefix
 * is optional), optionally `csdsUrl` (default LivePerson's CSDS, or `LPM_CSDS_URL` in Node.js),
 * and the call's own fields; it resolves with the response body, unchanged (`null` when
 * empty), and rejects with an `LpmError` (`code` = the HTTP status) otherwise.
 *
 * The requests (URL, `Authorization`, `Brand-ID`, `Content-Type`, `If-Match` after reading
 * the resource's `ETag`, one re-read and retry on 412) are built by the SDK's Rust core; this
 * module only performs them. Unlike a REST connection, these helpers do not log in again when
 * the bearer is refused (401).
 *
 * @example
 * ```js
 * const lpm = require('lp-messaging-sdk');
 * const auth = { accountId: '12345678', token: await connection.getToken() };
 * const conversation = await lpm.rest.getConversationById({ ...auth, conversationId: 'c1' });
 * await lpm.rest.publishMessage({ ...auth, conversationId: 'c1', text: 'hello' });
 * await lpm.rest.updateConversationStage({ ...auth, conversationId: 'c1', stage: 'CLOSE' });
 * ```
 * @module
 */
import { RestCall } from '../pkg/lpm_wasm.js';
import { fromThrown } from './errors.js';
import { platform } from './platform.js';

/** How long one HTTP request may take. */
const HTTP_TIMEOUT_MS = 30_000;

/** Who calls, and where CSDS is. */
export interface RestAuth {
  /** Account (brand) id, sent as `Brand-ID`. */
  accountId: string;
  /** The agentVep bearer. */
  token: string;
  /** CSDS location (default LivePerson's; `LPM_CSDS_URL` in Node.js). */
  csdsUrl?: string;
}

/** A conversation; `dialogId` defaults to the MAIN dialog (the conversation id). */
export interface RestDialogRef extends RestAuth {
  conversationId: string;
  dialogId?: string;
}

interface RestRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: string;
}

/** Runs one operation of the core's `rest::Operation` (JSON form) to completion. */
async function run(operation: string, args: RestAuth): Promise<unknown> {
  await platform().ready();
  const { accountId, token, csdsUrl, ...fields } = args as RestAuth & Record<string, unknown>;
  const csds = csdsUrl ?? platform().env('LPM_CSDS_URL') ?? '';
  let call: RestCall;
  try {
    call = new RestCall(String(accountId ?? ''), String(token ?? ''), csds, JSON.stringify({ operation, ...fields }));
  } catch (e) {
    throw fromThrown(e);
  }
  try {
    let req = JSON.parse(call.start()) as RestRequest;
    for (;;) {
      const body = req.body.length > 0 ? new TextEncoder().encode(req.body) : undefined;
      const answer = await platform().http(req.method, req.url, req.headers, body, HTTP_TIMEOUT_MS);
      let next: { request?: RestRequest; done?: unknown };
      try {
        next = JSON.parse(call.handleResponse(answer.status, JSON.stringify(answer.headers), answer.body)) as typeof next;
      } catch (e) {
        throw fromThrown(e);
      }
      if (next.request === undefined) return next.done ?? null;
      req = next.request;
    }
  } finally {
    call.free();
  }
}

/**
 * `GET /v1/conversations/{conversationId}`: the conversation (brand form, with `convId`).
 *
 * @example
 * ```js
 * const auth = { accountId: '12345678', token: await connection.getToken() };
 * const conversation = await lpm.rest.getConversationById({ ...auth, conversationId: 'c1' });
 * ```
 */
export function getConversationById(args: RestAuth & { conversationId: string }): Promise<unknown> {
  return run('getConversationById', args);
}
/**
 * `PATCH /v1/conversations/{id}` `{"stage": stage}` after reading its ETag (`'CLOSE'` closes).
 *
 * @example
 * ```js
 * const auth = { accountId: '12345678', token: await connection.getToken() };
 * await lpm.rest.updateConversationStage({ ...auth, conversationId: 'c1', stage: 'CLOSE' });
 * ```
 */
export function updateConversationStage(args: RestAuth & { conversationId: string; stage: string }): Promise<unknown> {
  return run('updateConversationStage', args);
}
/**
 * `PATCH /v1/conversations/{id}` `{"type": ttrType, "value": value}` (`value` counts for `CUSTOM`).
 *
 * @example
 * ```js
 * const auth = { accountId: '12345678', token: await connection.getToken() };
 * await lpm.rest.updateTTR({ ...auth, conversationId: 'c1', ttrType: lpm.TTRType.URGENT });
 * await lpm.rest.updateTTR({ ...auth, conversationId: 'c1', ttrType: lpm.TTRType.CUSTOM, value: 600 });
 * ```
 */
export function updateTTR(args: RestAuth & { conversationId: string; ttrType: string; value?: number }): Promise<unknown> {
  return run('updateTTR', args);
}
/**
 * `PATCH /v1/conversations/{id}` `{"manualETTR": time}` (epoch ms).
 *
 * @example
 * ```js
 * const auth = { accountId: '12345678', token: await connection.getToken() };
 * await lpm.rest.updateManualETTR({ ...auth, conversationId: 'c1', time: Date.now() + 30 * 60_000 });
 * ```
 */
export function updateManualETTR(args: RestAuth & { conversationId: string; time: number }): Promise<unknown> {
  return run('updateManualETTR', args);
}
/**
 * `PATCH …/dialogs/{dialogId}` `{"state":"CLOSE","closeReason": closeReason ?? null}`.
 *
 * @example
 * ```js
 * const auth = { accountId: '12345678', token: await connection.getToken() };
 * await lpm.rest.closeDialog({ ...auth, conversationId: 'c1', dialogId: 'survey-dialog-id', closeReason: lpm.DialogCloseReason.AGENT });
 * ```
 */
export function closeDialog(args: RestDialogRef & { closeReason?: string }): Promise<unknown> {
  return run('closeDialog', args);
}
/**
 * `POST …/dialogs/{dialogId}/participants` `{"id": participantId, "role": role, "state":"ACTIVE"}` (join).
 *
 * @example
 * ```js
 * const auth = { accountId: '12345678', token: await connection.getToken() };
 * await lpm.rest.addParticipant({ ...auth, conversationId: 'c1', participantId: '12345678.987654321', role: lpm.ParticipantRole.MANAGER });
 * ```
 */
export function addParticipant(args: RestDialogRef & { participantId: string; role: string }): Promise<unknown> {
  return run('addParticipant', args);
}
/**
 * `DELETE …/participants/{assignedAgentId}?transferToSkillId=&transferToAgentId=` after reading its ETag.
 *
 * @example
 * ```js
 * const auth = { accountId: '12345678', token: await connection.getToken() };
 * await lpm.rest.transferConversation({ ...auth, conversationId: 'c1', assignedAgentId: '12345678.987654321', skillId: '123456' });
 * ```
 */
export function transferConversation(args: RestAuth & { conversationId: string; assignedAgentId: string; skillId?: string; agentId?: string }): Promise<unknown> {
  return run('transferConversation', args);
}
/**
 * `POST …/messages` `PLAIN_TEXT` (`messageAudience` `ALL` by default, or `AGENTS_AND_MANAGERS`).
 *
 * @example
 * ```js
 * const auth = { accountId: '12345678', token: await connection.getToken() };
 * await lpm.rest.publishMessage({ ...auth, conversationId: 'c1', text: 'Your order has shipped.' });
 * await lpm.rest.publishMessage({ ...auth, conversationId: 'c1', text: 'VIP customer', messageAudience: 'AGENTS_AND_MANAGERS' });
 * ```
 */
export function publishMessage(args: RestDialogRef & { text: string; metadata?: unknown[]; messageAudience?: string }): Promise<unknown> {
  return run('publishMessage', args);
}
/**
 * `POST …/messages` `RICH_CONTENT` (a structured-content card).
 *
 * @example
 * ```js
 * const auth = { accountId: '12345678', token: await connection.getToken() };
 * const content = { type: 'vertical', elements: [{ type: 'text', text: 'Track your order' }] };
 * await lpm.rest.publishRichContent({ ...auth, conversationId: 'c1', content });
 * ```
 */
export function publishRichContent(args: RestDialogRef & { content: Record<string, unknown>; metadata?: unknown[]; messageAudience?: string }): Promise<unknown> {
  return run('publishRichContent', args);
}
/**
 * `POST …/messages` `ACKNOWLEDGEMENT` (`status` `ACCEPT` or `READ`).
 *
 * @example
 * ```js
 * const auth = { accountId: '12345678', token: await connection.getToken() };
 * await lpm.rest.publishAcceptStatus({ ...auth, conversationId: 'c1', sequenceList: [3, 4], status: 'READ' });
 * ```
 */
export function publishAcceptStatus(args: RestDialogRef & { sequenceList: number[]; status: string }): Promise<unknown> {
  return run('publishAcceptStatus', args);
}
/**
 * `POST …/messages` `CHAT_STATE` (`COMPOSING`, `ACTIVE`, …).
 *
 * @example
 * ```js
 * const auth = { accountId: '12345678', token: await connection.getToken() };
 * await lpm.rest.setChatState({ ...auth, conversationId: 'c1', chatState: lpm.ParticipantChatState.COMPOSING });
 * ```
 */
export function setChatState(args: RestDialogRef & { chatState: string }): Promise<unknown> {
  return run('setChatState', args);
}
/**
 * `GET …/dialogs/{dialogId}/messages?limit=&newerThanSequence=&olderThanSequence=&offset=&filters=`:
 * event records. `conversationId` defaults to `dialogId` (LivePerson's form, MAIN dialogs only).
 *
 * @example
 * ```js
 * const auth = { accountId: '12345678', token: await connection.getToken() };
 * const records = await lpm.rest.getMessages({ ...auth, dialogId: 'c1', limit: 50, olderThanSequence: 100 });
 * ```
 */
export function getMessages(args: RestAuth & { dialogId: string; conversationId?: string; limit?: number; newerThanSequence?: number; olderThanSequence?: number; offset?: number; filters?: string }): Promise<unknown> {
  return run('getMessages', args);
}
/**
 * `POST /v1/brands/{accountId}/file-upload-path` `{fileSize, fileType}`: `{relativePath, queryParams}`.
 *
 * @example
 * ```js
 * const auth = { accountId: '12345678', token: await connection.getToken() };
 * const { relativePath, queryParams } = await lpm.rest.getUploadUrl({ ...auth, fileSize: png.length, fileType: 'PNG' });
 * ```
 */
export function getUploadUrl(args: RestAuth & { fileSize: number; fileType: string }): Promise<unknown> {
  return run('getUploadUrl', args);
}
/**
 * `POST /v1/brands/{accountId}/file-download-path` `{relativePath}`: `{relativePath, queryParams}`.
 *
 * @example
 * ```js
 * const auth = { accountId: '12345678', token: await connection.getToken() };
 * const { relativePath, queryParams } = await lpm.rest.getDownloadUrl({ ...auth, relativePath: message.relativePath });
 * ```
 */
export function getDownloadUrl(args: RestAuth & { relativePath: string }): Promise<unknown> {
  return run('getDownloadUrl', args);
}
