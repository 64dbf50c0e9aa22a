// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { ConnectionState } from "./ConnectionState.js";
import type { SubscriptionHandle } from "./SubscriptionHandle.js";
import type { JsonValue } from "./serde_json/JsonValue.js";

/**
 * Connection-level state (`connection.state`, `agentId`, `userProfile`, …) and the
 * effective option values the facade mirrors.
 */
export type ConnectionView = { state: ConnectionState, accountId: string, userType: string, appId: string, appVersion: string, agentId: string | null, userId: string | null, userPid: string | null, userProfile: JsonValue | null, agentState: string | null, defaultSubscription: SubscriptionHandle | null, 
/**
 * As the connection's options gave it (`createConnection`'s `defaultSubscriptionQuery`).
 */
defaultSubscriptionQuery: unknown, maintainConnection: boolean, getAllMessages: boolean, clientProperties: JsonValue | null, 
/**
 * `V2_1` or `V3`.
 */
apiVersion: string, };
