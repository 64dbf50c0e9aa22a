// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { CoreErrorJson } from "./CoreErrorJson.js";
import type { JsonValue } from "./serde_json/JsonValue.js";

/**
 * Events of the poller; the serialised names are the JavaScript event names.
 */
export type PollerEvent = { "event": "shiftStatusData", 
/**
 * The list.
 */
skills: JsonValue, } | { "event": "getShiftStatus#request", 
/**
 * Epoch ms.
 */
start: number, } | { "event": "getShiftStatus#response", 
/**
 * Epoch ms of the request.
 */
start: number, 
/**
 * Epoch ms of the answer.
 */
end: number, } | { "event": "getShiftStatus#error", 
/**
 * Why.
 */
error: CoreErrorJson, };
