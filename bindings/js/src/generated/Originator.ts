// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { ParticipantRole } from "./ParticipantRole.js";

/**
 * Who sent an event, as the record names them.
 */
export type Originator = { 
/**
 * Consumer id or agent PID (`originatorPId` on brand v2, `originatorId` on v3).
 */
userId: string, 
/**
 * The agent old id (`originatorId` on brand v2), when the record gives it.
 */
agentId: string | null, 
/**
 * `originatorMetadata.role`, when given.
 */
role: ParticipantRole | null, };
