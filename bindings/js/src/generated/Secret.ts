// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).

/**
 * A secret string (password, API key secret, bearer, JWT, csrf).
 *
 * `Debug` and `Display` print `<redacted>`; read the value with [`Secret::expose`] only
 * where it goes on the wire. Serialises as the plain string, so options and session data
 * round-trip through JSON (the wasm binding passes them as JSON).
 *
 * ```
 * use lpm_core::connection::Secret;
 * let s = Secret::new("hunter2");
 * assert_eq!(format!("{s:?} {s}"), "<redacted> <redacted>");
 * assert_eq!(s.expose(), "hunter2");
 * ```
 */
export type Secret = string;
