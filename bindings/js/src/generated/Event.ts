// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { CommandId } from "./CommandId.js";
import type { CommandOutput } from "./CommandOutput.js";
import type { ConnectionState } from "./ConnectionState.js";
import type { CoreErrorJson } from "./CoreErrorJson.js";
import type { ModelEvent } from "./ModelEvent.js";
import type { SubscriptionHandle } from "./SubscriptionHandle.js";
import type { Timing } from "./Timing.js";
import type { TokenSource } from "./TokenSource.js";
import type { JsonValue } from "./serde_json/JsonValue.js";

/**
 * One event. The serialised `event` names are the JavaScript SDK's event names.
 */
export type Event = { "event": "connect" } | { "event": "disconnect", 
/**
 * Close code.
 */
code: number, 
/**
 * Close reason.
 */
reason: string, } | { "event": "reconnect" } | { "event": "close", 
/**
 * Close code.
 */
code: number, 
/**
 * Close reason.
 */
reason: string, } | { "event": "error", 
/**
 * The error.
 */
error: CoreErrorJson, } | { "event": "reconnect-wait", 
/**
 * Seconds until the attempt.
 */
seconds: number, } | { "event": "failed-to-connect", 
/**
 * Why.
 */
error: CoreErrorJson, 
/**
 * `true` when another attempt is scheduled.
 */
willRetry: boolean, } | { "event": "state-change", 
/**
 * The new state.
 */
state: ConnectionState, } | { "event": "notification", 
/**
 * The frame as JSON.
 */
notification: JsonValue, } | { "event": "token-invalid", 
/**
 * Why.
 */
source: TokenSource, } | { "event": "refresh-token" } | { "event": "token-regenerated", 
/**
 * Brand agent id (`{acct}.{userId}`), consumer id for consumers.
 */
agentId: string | null, } | { "event": "limit-break", 
/**
 * The subscription (the parent for child pages).
 */
subscription: SubscriptionHandle, 
/**
 * A child subscription is created for older conversations.
 */
creatingChildSub: boolean, 
/**
 * 900.
 */
conversationLimitThreshold: number, 
/**
 * Changes in the notification.
 */
notificationChangeCount: number, 
/**
 * `maxLastUpdatedTime` of the child, when one is created.
 */
maxLastUpdateTime: number | null, } | { "event": "shift-status", 
/**
 * The list.
 */
skills: JsonValue, } | { "event": "subscription-ready", 
/**
 * The subscription.
 */
subscription: SubscriptionHandle, } | { "event": "model", 
/**
 * The event.
 */
model: ModelEvent, } | { "event": "timing" } & Timing | { "event": "timeout", 
/**
 * The [`Error::Timeout`].
 */
error: CoreErrorJson, } | { "event": "evicted", 
/**
 * Conversations dropped.
 */
conversationIds: Array<string>, 
/**
 * Their dialogs (messages and participants are keyed by dialog).
 */
dialogIds: Array<string>, 
/**
 * Rings dropped.
 */
ringIds: Array<string>, } | { "event": "command-completed", 
/**
 * The command.
 */
id: CommandId, 
/**
 * Its result.
 */
result: { Ok : CommandOutput } | { Err : CoreErrorJson }, };
