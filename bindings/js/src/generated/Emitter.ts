// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).

/**
 * Which object emits an event first (sdk-api §14: dialog events bubble to the conversation,
 * conversation events to the connection as `conversation:<name>`).
 */
export type Emitter = "Connection" | "Conversation" | "Dialog" | "Participant" | "Ring";
