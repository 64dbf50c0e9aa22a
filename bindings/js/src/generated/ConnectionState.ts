// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).

/**
 * Where the connection is in its life, with the JavaScript SDK's string values.
 *
 * `initial → connecting → connected`; a failed `open()` → `failed_to_connect`; an unexpected
 * close → `disconnected` → `connecting` → `connected`; `close()` → `closing` → `closed`.
 */
export type ConnectionState = "initial" | "connecting" | "connected" | "failed_to_connect" | "disconnected" | "closing" | "closed" | "null";
