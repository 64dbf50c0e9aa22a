// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { Emitter } from "./Emitter.js";
import type { MessageContent } from "./MessageContent.js";
import type { ModelEvent } from "./ModelEvent.js";

/**
 * A model event as `pollOutputs` gives it (under `"event"`): `{event: "model", name, emitter,
 * model, content?}`.
 */
export type ModelEventOutput = { event: "model", name: string, emitter: Emitter, model: ModelEvent, 
/**
 * A live message's stored fields (what `messageContent` gives), so that reading its
 * `body` costs no second call. History messages, which come by the thousand when a bot
 * opens and are mostly never read, leave it out.
 */
content?: MessageContent, };
