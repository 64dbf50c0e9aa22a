// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { RingState } from "./RingState.js";
import type { Time } from "./Time.js";

/**
 * One ring (`ringsDetails[0]` of a routing task).
 */
export type Ring = { 
/**
 * `{conversationId}_{accountId}_{epochMs}`.
 */
ringId: string, 
/**
 * Current state; apps should ignore rings not `WAITING`.
 */
ringState: RingState, 
/**
 * Epoch ms when the ring expires.
 */
ringExpirationTs: number | null, 
/**
 * How long (ms) the ring stays waiting.
 */
ringExpiration: number | null, 
/**
 * Ordering priority.
 */
weight: number | null, 
/**
 * Account id.
 */
brandId: string | null, 
/**
 * The conversation offered.
 */
conversationId: string, 
/**
 * The consumer of that conversation.
 */
consumerId: string | null, 
/**
 * Skill the conversation is routed to.
 */
skillId: string | null, 
/**
 * `routingTaskId` of the task that carried the ring.
 */
routingTaskId: string | null, 
/**
 * `taskCompleted` of that task.
 */
taskCompleted: boolean, 
/**
 * When the ring stopped mattering (a final state, or its task deleted); it is dropped
 * [`super::CacheConfig::ring_retention_ms`] later.
 */
finishedAt: Time | null, };
