// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).

/**
 * Why a token was declared invalid (`token-invalid` `source`, LivePerson's values).
 */
export type TokenSource = "Websocket-close" | "Websocket-open" | "refresh-token" | "shift-status" | "rest" | "message-statistics";
