// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { Emitter } from "./Emitter.js";
import type { ModelEvent } from "./ModelEvent.js";

/**
 * A model event as `pollOutput` gives it (under `"event"`): `{event: "model", name, emitter,
 * model}`.
 */
export type ModelEventOutput = { event: "model", name: string, emitter: Emitter, model: ModelEvent, };
