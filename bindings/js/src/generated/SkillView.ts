// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).

/**
 * A skill with `isInOffHours`.
 */
export type SkillView = { isInOffHours: boolean, 
/**
 * Skill id (`-1` = none).
 */
skillId: string, 
/**
 * From shift-status data: currently in working hours.
 */
onShift: boolean | null, 
/**
 * Epoch ms when the next shift starts.
 */
nextOn: number | null, 
/**
 * Epoch ms when the current shift ends.
 */
nextOff: number | null, };
