// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { HttpId } from "./HttpId.js";
import type { HttpMethod } from "./HttpMethod.js";

/**
 * An HTTP request for the driver to make.
 *
 * `Debug` hides header values that carry credentials (`Authorization`, `Cookie`), the
 * body (it may hold passwords or tokens) and the query string, so that logging a request
 * never leaks a secret.
 */
export type HttpRequest = { 
/**
 * Echoed back with the response.
 */
id: HttpId, 
/**
 * Method.
 */
method: HttpMethod, 
/**
 * Absolute URL (`https://…`, or `http://…` where the user allowed it).
 */
url: string, 
/**
 * Header names and values, in order.
 */
headers: Array<[string, string]>, };
