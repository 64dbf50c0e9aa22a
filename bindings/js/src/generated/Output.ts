// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { Transmit } from "./Transmit.js";

/**
 * What a [`Machine`] asks of its driver next.
 *
 * ```
 * use lpm_core::connection::csds_lookup::CsdsResolver;
 * use lpm_core::connection::output::{Machine, Output};
 * use lpm_core::io::Transmit;
 * use lpm_core::time::Time;
 *
 * let mut r = CsdsResolver::new(Some("http://127.0.0.1:9")).unwrap();
 * r.lookup(Time(0), "123", "agentVep");
 * assert!(matches!(r.poll_output(), Some(Output::Transmit(Transmit::Http(_)))));
 * assert!(r.poll_output().is_none());
 * ```
 *
 * Bindings that cross it as JSON write `{"transmit": …}` or `{"event": …}` (the TypeScript
 * declaration describes that form).
 */
export type Output<E> = { "transmit": Transmit } | { "event": E };
