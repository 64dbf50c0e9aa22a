// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { DeliveryStatus } from "./DeliveryStatus.js";
import type { Originator } from "./Originator.js";

/**
 * One accept-status (receipt) event referring to a message.
 */
export type Receipt = { 
/**
 * Who sent the receipt.
 */
originator: Originator, 
/**
 * `ACCEPT`, `READ`, `ACTION`, …
 */
status: DeliveryStatus, 
/**
 * The receipt's own sequence (receipts consume one), if any.
 */
sequence: number | null, 
/**
 * Server time of the receipt (epoch ms), if any.
 */
time: number | null, };
