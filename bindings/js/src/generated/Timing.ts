// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { CoreErrorJson } from "./CoreErrorJson.js";
import type { Time } from "./Time.js";
import type { JsonValue } from "./serde_json/JsonValue.js";

/**
 * One timing event: the event name is [`Timing::name`] (`<what>#request`, `#response` or
 * `#error`).
 *
 * ```
 * use lpm_core::connection::Timing;
 * use lpm_core::time::Time;
 * use serde_json::json;
 *
 * let t = Timing {
 *     name: "connect#response".into(),
 *     start: Time(1_000),
 *     end: Some(Time(1_040)),
 *     request: json!({"url": "wss://host/ws_api/account/1/messaging/consumer?v=3"}),
 *     response: Some(json!({"opened": true})),
 *     error: None,
 * };
 * assert_eq!(t.what(), "connect");
 * assert_eq!(t.phase(), "response");
 * assert_eq!(t.duration_ms(), Some(40));
 * ```
 */
export type Timing = { 
/**
 * The event name, e.g. `ms.PublishEvent#request`, `getAgentToken#response`.
 */
name: string, 
/**
 * When the request started.
 */
start: Time, 
/**
 * When its answer (or failure) came; `None` on `#request`.
 */
end?: Time, 
/**
 * What was asked, without secrets (see the module docs).
 */
request: JsonValue, 
/**
 * What came back, without secrets; `None` on `#request`.
 */
response?: JsonValue, 
/**
 * The failure of a `#error` event.
 */
error?: CoreErrorJson, };
