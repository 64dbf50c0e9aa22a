//! The boundary between the core and its driver: what the core asks the driver to do
//! ([`Transmit`]) and what the driver reports back (the `handle_*` inputs of
//! [`crate::connection`]).

use serde::{Deserialize, Serialize};

use crate::connection::events::TokenSource;

/// Identifies one HTTP exchange the core asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HttpId(pub u64);

/// Identifies one websocket the core asked to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SocketId(pub u64);

/// Identifies one request for a brand token from a caller-supplied token source
/// ([`Transmit::TokenRequest`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TokenRequestId(pub u64);

/// HTTP methods the protocol uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum HttpMethod {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH (UMS REST v1 updates)
    Patch,
    /// DELETE (UMS REST v1 participant removal and transfer)
    Delete,
}

/// An HTTP request for the driver to make.
///
/// `Debug` hides header values that carry credentials (`Authorization`, `Cookie`), the
/// body (it may hold passwords or tokens) and the query string, so that logging a request
/// never leaks a secret.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    // The JavaScript driver gets it as a `Uint8Array` (`takeBytes`), not in the JSON.
    #[cfg_attr(feature = "ts", ts(skip))]
    pub body: Vec<u8>,
}

/// What came back for an [`HttpRequest`].
///
/// `Debug` shows the status, headers and body size only (bodies carry tokens).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Header names (any case) and values.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

/// Something the core wants the driver to do, drained as
/// [`Output::Transmit`](crate::connection::Output::Transmit) with
/// [`Machine::poll_output`](crate::connection::Machine::poll_output).
///
/// `Debug` redacts what may carry secrets: the bearer in a brand socket URL, credential
/// headers, and frame text (an `InitConnection` frame carries the consumer JWT).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// Ask the caller-supplied token source for a brand session (its `getToken()` and
    /// `getAuthSessionInfo()`), and report it with the id (`Client::handle_token`). Only
    /// made with external credentials (the `tokenMaintainer` option).
    TokenRequest {
        /// Request id.
        id: TokenRequestId,
    },
    /// The core declared the token from the token source invalid: call the source's
    /// `onTokenInvalid(source)`. A [`Transmit::TokenRequest`] for a new token follows.
    TokenInvalid {
        /// Why.
        source: TokenSource,
    },
}

impl HttpResponse {
    /// The first header named `name` (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why an HTTP exchange produced no response at all (DNS failure, refused connection, TLS
/// error, the driver's own timeout). Treated as transient, except a refused certificate.
///
/// ```
/// use lpm_core::io::HttpFailure;
/// assert!(!HttpFailure::new("tcp connect error: Connection refused").certificate);
/// assert!(HttpFailure::certificate("invalid peer certificate: UnknownIssuer").certificate);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpFailure {
    /// What the driver saw, for error messages (must not contain secrets).
    pub message: String,
    /// The TLS layer refused the server's certificate (untrusted issuer, expired, another
    /// host's). Waiting does not make a certificate valid, so the core does not retry it.
    #[serde(default)]
    pub certificate: bool,
}

impl HttpFailure {
    /// A network failure with this message (retried).
    pub fn new(message: impl Into<String>) -> Self {
        HttpFailure {
            message: message.into(),
            certificate: false,
        }
    }

    /// The server's certificate was refused (not retried).
    pub fn certificate(message: impl Into<String>) -> Self {
        HttpFailure {
            message: message.into(),
            certificate: true,
        }
    }
}

/// Why a websocket could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum SocketFailure {
    /// The server answered the upgrade request with this HTTP status (401: token refused).
    UpgradeRefused {
        /// HTTP status of the refused upgrade.
        status: u16,
    },
    /// No answer: DNS, TCP, TLS or the driver's connect timeout.
    Network {
        /// What the driver saw (must not contain secrets).
        message: String,
        /// The TLS layer refused the server's certificate (see [`HttpFailure::certificate`]).
        #[serde(default)]
        certificate: bool,
    },
}

const SECRET_HEADERS: [&str; 3] = ["authorization", "cookie", "set-cookie"];

fn redact_headers(headers: &[(String, String)]) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(k, v)| {
            if SECRET_HEADERS.iter().any(|s| k.eq_ignore_ascii_case(s)) {
                (k.as_str(), "<redacted>")
            } else {
                (k.as_str(), v.as_str())
            }
        })
        .collect()
}

/// The URL without its query string, and with the bearer of a brand socket path hidden.
pub(crate) fn redact_url(url: &str) -> String {
    let base = url.split('?').next().unwrap_or(url);
    match base.find("/messaging/brand/") {
        Some(i) => format!("{}/messaging/brand/<redacted>", &base[..i]),
        None => base.to_owned(),
    }
}

impl core::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("id", &self.id)
            .field("method", &self.method)
            .field("url", &redact_url(&self.url))
            .field("headers", &redact_headers(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl core::fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &redact_headers(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl core::fmt::Debug for Transmit {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Transmit::Http(r) => f.debug_tuple("Http").field(r).finish(),
            Transmit::OpenSocket { id, url, headers } => f
                .debug_struct("OpenSocket")
                .field("id", id)
                .field("url", &redact_url(url))
                .field("headers", &redact_headers(headers))
                .finish(),
            Transmit::SendText { id, text } => f
                .debug_struct("SendText")
                .field("id", id)
                .field("len", &text.len())
                .finish(),
            Transmit::CloseSocket { id, code, reason } => f
                .debug_struct("CloseSocket")
                .field("id", id)
                .field("code", code)
                .field("reason", reason)
                .finish(),
            Transmit::TokenRequest { id } => {
                f.debug_struct("TokenRequest").field("id", id).finish()
            }
            Transmit::TokenInvalid { source } => f
                .debug_struct("TokenInvalid")
                .field("source", source)
                .finish(),
        }
    }
}
