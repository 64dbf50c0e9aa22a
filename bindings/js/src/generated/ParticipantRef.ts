// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { ParticipantRole } from "./ParticipantRole.js";

/**
 * A reference to a participant of a dialog (`_participant` in the facades). A message's
 * sender that no dialog lists (it left before the message was loaded) is `unknown`, with
 * what the message's record said of it.
 */
export type ParticipantRef = { dialogId: string, userId: string, 
/**
 * `null` only for an unknown sender whose record names no role.
 */
role: ParticipantRole | null, 
/**
 * An unknown sender's old agent id, when its record gave one.
 */
agentId?: string, 
/**
 * `true` for a sender no dialog lists.
 */
unknown?: boolean, };
