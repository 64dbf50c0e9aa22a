// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { MessageAudience } from "./MessageAudience.js";
import type { JsonValue } from "./serde_json/JsonValue.js";

/**
 * What `messageContent` gives: a message's stored fields, as `message.ts` reads them (its
 * originator and receipts are left out: they change, and the full view has them).
 */
export type MessageContent = { conversationId: string, dialogId: string, sequence: number, time: number | null, contentType: string, body: JsonValue, quickReplies: JsonValue | null, audience: MessageAudience, metadata: JsonValue | null, };
