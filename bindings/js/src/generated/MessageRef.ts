// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).

/**
 * A message reference: `{dialogId, sequence}`.
 */
export type MessageRef = { dialogId: string, sequence: number, };
