// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { HttpRequest } from "./HttpRequest.js";
import type { SocketId } from "./SocketId.js";
import type { TokenRequestId } from "./TokenRequestId.js";
import type { TokenSource } from "./TokenSource.js";

/**
 * Something the core wants the driver to do, drained as
 * [`Output::Transmit`](crate::connection::Output::Transmit) with
 * [`Machine::poll_output`](crate::connection::Machine::poll_output).
 *
 * `Debug` redacts what may carry secrets: the bearer in a brand socket URL, credential
 * headers, and frame text (an `InitConnection` frame carries the consumer JWT).
 */
export type Transmit = { "kind": "http" } & HttpRequest | { "kind": "openSocket", 
/**
 * Socket id.
 */
id: SocketId, 
/**
 * `wss://…` (or `ws://…` where allowed).
 */
url: string, 
/**
 * Upgrade request headers.
 */
headers: Array<[string, string]>, } | { "kind": "sendText", 
/**
 * Socket id.
 */
id: SocketId, 
/**
 * The frame.
 */
text: string, } | { "kind": "closeSocket", 
/**
 * Socket id.
 */
id: SocketId, 
/**
 * Close code.
 */
code: number, 
/**
 * Close reason.
 */
reason: string, } | { "kind": "tokenRequest", 
/**
 * Request id.
 */
id: TokenRequestId, } | { "kind": "tokenInvalid", 
/**
 * Why.
 */
source: TokenSource, };
