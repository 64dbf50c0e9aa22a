// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).

/**
 * A point in time: milliseconds since the Unix epoch, read by the driver and passed in with
 * every input. The core never reads a clock itself.
 */
export type Time = number;
