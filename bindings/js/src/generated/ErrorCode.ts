// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).

/**
 * [`ErrorJson::code`]: a number, or a code of the SDK's own (`RING_CONVERSATION_TIMEOUT`).
 */
export type ErrorCode = number | string;
