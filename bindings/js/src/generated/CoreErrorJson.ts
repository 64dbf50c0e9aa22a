// Generated from the Rust types by ts-rs: do not edit. Regenerate with
// `LPM_WRITE_TS=1 cargo test -p lpm-wasm ts_types` (see bindings/js/README.md).
import type { ErrorCode } from "./ErrorCode.js";

/**
 * An error of the connection or of one command.
 */
export type CoreErrorJson = { 
/**
 * The family (`auth`, `timeout`, `ums`, …; [`Error::kind`]).
 */
kind: string, 
/**
 * The error's text.
 */
message: string, 
/**
 * HTTP status, UMS code or close code ([`Error::code`]), or a code of the SDK's own.
 */
code?: ErrorCode, 
/**
 * The server's own error code.
 */
serverCode?: string, 
/**
 * The UMS request type of a request failure.
 */
requestType?: string, 
/**
 * The conversation concerned.
 */
conversationId?: string, 
/**
 * The dialog concerned.
 */
dialogId?: string, 
/**
 * The ring concerned.
 */
ringId?: string, };
