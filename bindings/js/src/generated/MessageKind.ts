// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).

/**
 * Content or structured content.
 */
export type MessageKind = "Content" | "RichContent";
