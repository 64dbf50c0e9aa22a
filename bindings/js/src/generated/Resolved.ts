// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { CoreErrorJson } from "./CoreErrorJson.js";
import type { LookupId } from "./LookupId.js";

/**
 * A look-up finished.
 */
export type Resolved = { 
/**
 * The call.
 */
id: LookupId, 
/**
 * The host (`baseURI`, no scheme), or why there is none.
 */
result: { Ok : string } | { Err : CoreErrorJson }, };
