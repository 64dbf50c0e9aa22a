// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { DeliveryStatus } from "./DeliveryStatus.js";
import type { MessageAudience } from "./MessageAudience.js";
import type { MessageKind } from "./MessageKind.js";
import type { Originator } from "./Originator.js";
import type { ParticipantRef } from "./ParticipantRef.js";
import type { Receipt } from "./Receipt.js";
import type { JsonValue } from "./serde_json/JsonValue.js";

/**
 * A message: its stored fields, its derived values (`sentByCurrentUser`, `isDownloadable`,
 * file fields, receipt queries, `deliveryStatus`, `isPrivate`) and its sender as a
 * participant reference.
 */
export type MessageView = { sentByCurrentUser: boolean, isDownloadable: boolean, relativePath: string | null, fileType: string | null, caption: string | null, preview: string | null, hasConsumerRead: boolean, hasAssignedAgentRead: boolean, deliveryStatus: DeliveryStatus | null, isPrivate: boolean, participant: ParticipantRef, 
/**
 * The conversation.
 */
conversationId: string, 
/**
 * The dialog.
 */
dialogId: string, 
/**
 * Sequence within the dialog (the message's identity together with the dialog id).
 */
sequence: number, 
/**
 * `serverTimestamp` (epoch ms).
 */
time: number | null, 
/**
 * The sender.
 */
originator: Originator, 
/**
 * Content or structured content.
 */
kind: MessageKind, 
/**
 * `text/plain`, `hosted/file`, `forms/secure-invitation`, … for content events;
 * `RichContentEvent` for structured content (what the JavaScript API reports).
 */
contentType: string, 
/**
 * Text, or the object (file descriptor, structured content card).
 */
body: JsonValue, 
/**
 * `quickReplies` attached to the event, if any.
 */
quickReplies: JsonValue | null, 
/**
 * `ALL`, `AGENTS_AND_MANAGERS`, or `UNKNOWN` when the record does not say.
 */
audience: MessageAudience, 
/**
 * Request-level metadata of the publish (array), if any.
 */
metadata: JsonValue | null, 
/**
 * Receipts received for this message, de-duplicated by originator and status.
 */
receipts: Array<Receipt>, 
/**
 * `true` when `body` holds the SHA-256 hash of the body (a loaded serialized conversation).
 */
bodyIsHash: boolean, };
