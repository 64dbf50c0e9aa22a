// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { Secret } from "./Secret.js";
import type { SubscriptionHandle } from "./SubscriptionHandle.js";
import type { JsonValue } from "./serde_json/JsonValue.js";

/**
 * What a successful command produced.
 */
export type CommandOutput = { "kind": "done" } | { "kind": "token", 
/**
 * The token (redacted in `Debug`).
 */
token: Secret, } | { "kind": "body", 
/**
 * The body (`null` when absent).
 */
body: JsonValue, } | { "kind": "clock", 
/**
 * Server time, epoch ms.
 */
currentTime: number, } | { "kind": "conversation", 
/**
 * Its id.
 */
conversationId: string, } | { "kind": "subscription", 
/**
 * Local handle.
 */
handle: SubscriptionHandle, 
/**
 * Wire id.
 */
subscriptionId: string | null, } | { "kind": "userProfile", 
/**
 * The profile object.
 */
profile: JsonValue, } | { "kind": "shiftStatus", 
/**
 * The list.
 */
skills: JsonValue, } | { "kind": "fileUrl", 
/**
 * `/v1/AUTH_…/…`
 */
relativePath: string, 
/**
 * `{temp_url_sig, temp_url_expires}`.
 */
queryParams: JsonValue, } | { "kind": "uploaded", 
/**
 * Reference for the hosted-file message.
 */
relativePath: string, 
/**
 * The file type used (given or recognised).
 */
fileType: string, 
/**
 * A thumbnail data URL for images ([`preview`](crate::files::preview)).
 */
preview: string | null, } | { "kind": "sequence", 
/**
 * Sequence.
 */
sequence: number, } | { "kind": "records", 
/**
 * The event records.
 */
records: JsonValue, } | { "kind": "file", 
/**
 * Last path segment.
 */
filename: string | null, };
