// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { Secret } from "./Secret.js";

/**
 * `authAgentSessionData`: an agentVep session created elsewhere (SSO, another process).
 */
export type AgentSessionData = { 
/**
 * The bearer.
 */
token: Secret, 
/**
 * The csrf token of the session (needed to refresh it).
 */
csrf: Secret, 
/**
 * The session id, sent back as the `session_id` cookie on refresh.
 */
sessionId: Secret, 
/**
 * Numeric user id.
 */
userId?: string | null, 
/**
 * Participant id (UUID).
 */
userPid?: string | null, 
/**
 * Ignored: the account is the connection's (accepted because the JS session record has it).
 */
accountId?: string | null, };
