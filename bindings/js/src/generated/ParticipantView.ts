// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { ChatState } from "./ChatState.js";
import type { ParticipantRole } from "./ParticipantRole.js";
import type { ParticipantState } from "./ParticipantState.js";

/**
 * A participant with the dialog it was asked in and whether it is the connection's user.
 */
export type ParticipantView = { dialogId: string, isSelf: boolean, 
/**
 * The UMS user id: the consumer id, or an agent's PID. A suggested agent that the
 * notification names only by its old id carries that old id here as well.
 */
userId: string, 
/**
 * The agent's old id `{accountId}.{userId}`; `None` for consumers and for agents the
 * notification named only by PID.
 */
agentId: string | null, 
/**
 * Role in the dialog.
 */
role: ParticipantRole, 
/**
 * `ACTIVE`, `SUGGESTED`, or `REMOVED` once gone.
 */
state: ParticipantState, 
/**
 * Last chat state seen (default `ACTIVE`).
 */
chatState: ChatState, };
