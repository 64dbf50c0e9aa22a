// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).

/**
 * Local, stable id of a subscription (the wire id changes on every re-subscribe).
 */
export type SubscriptionHandle = number;
