// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { AgentSessionData } from "./AgentSessionData.js";
import type { CoreErrorJson } from "./CoreErrorJson.js";
import type { TokenSource } from "./TokenSource.js";
import type { WaitId } from "./WaitId.js";

/**
 * Events of the maintainer; the serialised names are the JavaScript event names.
 */
export type MaintainerEvent = { "event": "error", 
/**
 * Why.
 */
error: CoreErrorJson, } | { "event": "token-invalid", 
/**
 * Why.
 */
source: TokenSource, } | { "event": "refresh-token" } | { "event": "token-regenerated", 
/**
 * `{accountId}.{userId}`.
 */
agentId: string | null, } | { "event": "generate-token-wait", 
/**
 * Seconds.
 */
seconds: number, } | { "event": "getAgentToken#request", 
/**
 * Epoch ms.
 */
start: number, } | { "event": "getAgentToken#response", 
/**
 * Epoch ms of the request.
 */
start: number, 
/**
 * Epoch ms of the answer.
 */
end: number, } | { "event": "token-answer", 
/**
 * The call.
 */
id: WaitId, 
/**
 * The session, or why there is none (the maintainer stopped, nothing to log in
 * with).
 */
result: { Ok : AgentSessionData } | { Err : CoreErrorJson }, };
