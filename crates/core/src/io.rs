//! The boundary between the core and its driver: what the core asks the driver to do
//! ([`Transmit`]) and what the driver reports back (the `handle_*` inputs of
//! [`crate::connection`]).

use serde::{Deserialize, Serialize};

/// Identifies one HTTP exchange the core asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HttpId(pub u64);

/// Identifies one websocket the core asked to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SocketId(pub u64);

/// HTTP methods the protocol uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
}

/// An HTTP request for the driver to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpRequest {
    /// Echoed back with the response.
    pub id: HttpId,
    /// Method.
    pub method: HttpMethod,
    /// Absolute URL (`https://…`, or `http://…` where the user allowed it).
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// Request body bytes (JSON text or file content); empty for none.
    pub body: Vec<u8>,
}

/// What came back for an [`HttpRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Header names (any case) and values.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

/// Something the core wants the driver to do, drained with `poll_transmit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Transmit {
    /// Make an HTTP request and report the result with its id.
    Http(HttpRequest),
    /// Open a websocket to `url` with these upgrade headers; report open, frames and close with `id`.
    OpenSocket {
        /// Socket id.
        id: SocketId,
        /// `wss://…` (or `ws://…` where allowed).
        url: String,
        /// Upgrade request headers.
        headers: Vec<(String, String)>,
    },
    /// Send one text frame on an open socket.
    SendText {
        /// Socket id.
        id: SocketId,
        /// The frame.
        text: String,
    },
    /// Close a socket (or abandon it while it is still connecting).
    CloseSocket {
        /// Socket id.
        id: SocketId,
        /// Close code.
        code: u16,
        /// Close reason.
        reason: String,
    },
}
