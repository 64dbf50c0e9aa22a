//! Errors of connection operations and commands.
//!
//! Every error names what failed and carries the server's status or code when there was one.
//! None of them contains a credential: server texts are scrubbed of the connection's secrets
//! before they are stored, and URLs are stored without query strings or bearer paths.

use serde::Serialize;

/// Which authentication step failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AuthStep {
    /// IDP `signup` (anonymous consumer).
    Signup,
    /// IDP `anonymous/authorize`.
    AnonymousAuthorize,
    /// IDP connector `authenticate` (unauthenticated, authenticated or mock connector).
    ConnectorAuthenticate,
    /// IDP step-up `authenticate`.
    StepUp,
    /// agentVep `login`.
    Login,
    /// agentVep `refresh`.
    Refresh,
    /// The socket refused the token (upgrade 401, close 4401/4407 while verifying).
    Socket,
}

impl core::fmt::Display for AuthStep {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            AuthStep::Signup => "IDP signup",
            AuthStep::AnonymousAuthorize => "IDP anonymous authorize",
            AuthStep::ConnectorAuthenticate => "IDP connector authenticate",
            AuthStep::StepUp => "IDP step-up authenticate",
            AuthStep::Login => "agentVep login",
            AuthStep::Refresh => "agentVep session refresh",
            AuthStep::Socket => "messaging socket authentication",
        })
    }
}

/// An error of the connection or of one command.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
// It crosses as its JSON form.
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(as = "ErrorJson<'static>", rename = "CoreErrorJson")
)]
pub enum Error {
    /// The credentials or token were refused. Never retried automatically.
    #[error("authentication failed at {step}: {message}{}", status_suffix(*.status, .code.as_deref()))]
    Auth {
        /// Which step.
        step: AuthStep,
        /// HTTP status or socket close code.
        status: Option<u16>,
        /// The server's error code (`internalCode`, `internalErrorCode`), when it sent one.
        code: Option<String>,
        /// The server's text or ours.
        message: String,
    },
    /// An HTTP service answered with a failure status, or not at all.
    #[error("{service} request failed: {message}{}", status_suffix(*.status, .code.as_deref()))]
    Http {
        /// What was called (`CSDS idp`, `shift status`, …).
        service: String,
        /// HTTP status; `None` when no response came.
        status: Option<u16>,
        /// The server's error code when it sent one.
        code: Option<String>,
        /// The server's text or the driver's failure message.
        message: String,
    },
    /// The server's TLS certificate was refused (untrusted issuer, expired, another host's).
    /// Never retried: waiting does not make a certificate valid.
    #[error("{service}: the server's TLS certificate was refused: {message}")]
    Certificate {
        /// What was called (`CSDS idp`, `messaging socket`, …).
        service: String,
        /// What the TLS layer said.
        message: String,
    },
    /// UMS answered a request with an error code (or an unexpected success text).
    #[error("UMS answered {request_type} with code {code}: {message}")]
    Ums {
        /// The request type as sent.
        request_type: String,
        /// The response `code`.
        code: u16,
        /// The response body as text.
        message: String,
    },
    /// No response within `responseTimeout`.
    #[error(
        "Error while waiting for websocket response: no response to {request_type} within {timeout_ms} ms"
    )]
    Timeout {
        /// The request type as sent.
        request_type: String,
        /// The timeout that passed.
        timeout_ms: u64,
    },
    /// The socket closed while the request waited for its response.
    #[error("Connection closed while waiting for the response to {request_type}")]
    ConnectionLost {
        /// The request type as sent.
        request_type: String,
    },
    /// A request was made while the connection cannot send or queue it.
    #[error("Unable to send {request_type}, connection is not open (state {state})")]
    NotConnected {
        /// The request type.
        request_type: String,
        /// The connection state at the time.
        state: String,
    },
    /// A queued request waited longer than `requestQueueTimeout` for the reconnect.
    #[error(
        "Timeout waiting for connection to reconnect: {request_type} queued for {timeout_ms} ms"
    )]
    QueueTimeout {
        /// The request type.
        request_type: String,
        /// `requestQueueTimeout`.
        timeout_ms: u64,
    },
    /// The websocket could not be opened or closed during set-up.
    #[error("websocket {what}{}", close_suffix(*.code, .reason.as_deref()))]
    Socket {
        /// What happened.
        what: String,
        /// HTTP status of a refused upgrade or the close code.
        code: Option<u16>,
        /// Close reason or network message.
        reason: Option<String>,
    },
    /// Transient failures went on past `connectTimeout`.
    #[error("could not connect within {timeout_ms} ms (connectTimeout); last failure: {last}")]
    ConnectTimeout {
        /// `connectTimeout`.
        timeout_ms: u64,
        /// The last failure seen.
        last: Box<Error>,
    },
    /// The operation is not allowed in the current connection state.
    #[error("Connection is in an invalid state for {operation}: {state}")]
    InvalidState {
        /// What was attempted.
        operation: String,
        /// The state.
        state: String,
    },
    /// A command's arguments are wrong.
    #[error("invalid {command}: {message}")]
    Invalid {
        /// The command.
        command: String,
        /// What is wrong.
        message: String,
    },
    /// The command does not apply to this kind of connection.
    #[error("{0}")]
    Unsupported(String),
    /// The connection was closed by the user before the operation finished.
    #[error("connection closed before {operation} completed")]
    Closed {
        /// The operation.
        operation: String,
    },
    /// A domain command was refused before sending, or its answer means failure (the
    /// model's message, e.g. "No open dialog").
    #[error("{message}")]
    Domain {
        /// What is wrong (the JavaScript SDK's wording).
        message: String,
        /// The conversation concerned.
        conversation_id: Option<String>,
        /// The dialog concerned.
        dialog_id: Option<String>,
    },
    /// An accepted ring's conversation did not arrive within `ringConversationTimeout`
    /// (an `error` event; the accept itself succeeded).
    #[error(
        "the conversation {conversation_id} of accepted ring {ring_id} did not arrive within {timeout_ms} ms (ringConversationTimeout)"
    )]
    RingConversationTimeout {
        /// The ring.
        ring_id: String,
        /// Its conversation.
        conversation_id: String,
        /// `ringConversationTimeout`.
        timeout_ms: u64,
    },
    /// A frame or response body could not be understood.
    #[error("protocol error: {0}")]
    Protocol(String),
}

fn status_suffix(status: Option<u16>, code: Option<&str>) -> String {
    match (status, code) {
        (Some(s), Some(c)) => format!(" (status {s}, code {c})"),
        (Some(s), None) => format!(" (status {s})"),
        (None, Some(c)) => format!(" (code {c})"),
        (None, None) => String::new(),
    }
}

fn close_suffix(code: Option<u16>, reason: Option<&str>) -> String {
    match (code, reason) {
        (Some(c), Some(r)) if !r.is_empty() => format!(" (code {c}: {r})"),
        (Some(c), _) => format!(" (code {c})"),
        (None, Some(r)) => format!(" ({r})"),
        (None, None) => String::new(),
    }
}

impl Error {
    /// The error of an HTTP exchange to `service` that got no response: a refused certificate
    /// becomes [`Error::Certificate`] (not retried), anything else [`Error::Http`] without a
    /// status (retried). `message` is the failure's text, already scrubbed of secrets.
    ///
    /// ```
    /// use lpm_core::connection::Error;
    /// use lpm_core::io::HttpFailure;
    /// let f = HttpFailure::certificate("invalid peer certificate: UnknownIssuer");
    /// let e = Error::no_response("CSDS idp", &f, f.message.clone());
    /// assert_eq!(e.kind(), "certificate");
    /// assert!(!e.is_transient());
    /// ```
    pub fn no_response(
        service: impl Into<String>,
        failure: &crate::io::HttpFailure,
        message: String,
    ) -> Error {
        if failure.certificate {
            Error::Certificate {
                service: service.into(),
                message,
            }
        } else {
            Error::Http {
                service: service.into(),
                status: None,
                code: None,
                message,
            }
        }
    }

    /// A short machine-readable name of the variant (`auth`, `timeout`, …), as the JS
    /// binding's `error.name`-like discriminator.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Auth { .. } => "auth",
            Error::Http { .. } => "http",
            Error::Certificate { .. } => "certificate",
            Error::Ums { .. } => "ums",
            Error::Timeout { .. } => "timeout",
            Error::ConnectionLost { .. } => "connectionLost",
            Error::NotConnected { .. } => "notConnected",
            Error::QueueTimeout { .. } => "queueTimeout",
            Error::Socket { .. } => "socket",
            Error::ConnectTimeout { .. } => "connectTimeout",
            Error::InvalidState { .. } => "invalidState",
            Error::Invalid { .. } => "invalid",
            Error::Unsupported(_) => "unsupported",
            Error::Closed { .. } => "closed",
            Error::Domain { .. } => "domain",
            Error::RingConversationTimeout { .. } => "ringConversationTimeout",
            Error::Protocol(_) => "protocol",
        }
    }

    /// The server's code: the HTTP status, UMS response code or socket close code, as the
    /// JavaScript SDK's `error.code`.
    pub fn code(&self) -> Option<u16> {
        match self {
            Error::Auth { status, .. } | Error::Http { status, .. } => *status,
            Error::Ums { code, .. } => Some(*code),
            Error::Socket { code, .. } => *code,
            Error::ConnectTimeout { last, .. } => last.code(),
            _ => None,
        }
    }

    /// `true` for failures worth retrying (network, 5xx, 429, socket trouble); `false` for
    /// refused credentials and caller mistakes.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Auth { .. }
            | Error::Certificate { .. }
            | Error::Invalid { .. }
            | Error::Unsupported(_)
            | Error::Domain { .. } => false,
            Error::Http { status: None, .. } => true,
            Error::Http {
                status: Some(s), ..
            } => *s >= 500 || *s == 429 || *s == 408,
            Error::Closed { .. } | Error::InvalidState { .. } => false,
            _ => true,
        }
    }
}

impl Serialize for Error {
    /// `{"kind":…, "message":…, "code":…}` (`ErrorJson`): what the JS binding turns into
    /// an `Error`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut j = ErrorJson {
            kind: self.kind(),
            message: self.to_string(),
            code: self.code().map(ErrorCode::Status),
            server_code: None,
            request_type: None,
            conversation_id: None,
            dialog_id: None,
            ring_id: None,
        };
        match self {
            Error::Auth { code: Some(c), .. } | Error::Http { code: Some(c), .. } => {
                j.server_code = Some(c);
            }
            Error::Ums { request_type, .. }
            | Error::Timeout { request_type, .. }
            | Error::ConnectionLost { request_type }
            | Error::QueueTimeout { request_type, .. } => {
                j.request_type = Some(request_type);
            }
            Error::Domain {
                conversation_id,
                dialog_id,
                ..
            } => {
                j.conversation_id = conversation_id.as_deref();
                j.dialog_id = dialog_id.as_deref();
            }
            Error::RingConversationTimeout {
                ring_id,
                conversation_id,
                ..
            } => {
                j.code = Some(ErrorCode::Text("RING_CONVERSATION_TIMEOUT"));
                j.conversation_id = Some(conversation_id);
                j.ring_id = Some(ring_id);
            }
            _ => {}
        }
        j.serialize(s)
    }
}

/// The JSON form of an [`Error`]: one struct, so that the TypeScript declaration
/// (`CoreErrorJson`) is generated from the same fields the serialisation writes.
#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "CoreErrorJson"))]
#[serde(rename_all = "camelCase")]
pub(crate) struct ErrorJson<'a> {
    /// The family (`auth`, `timeout`, `ums`, …; [`Error::kind`]).
    kind: &'static str,
    /// The error's text.
    message: String,
    /// HTTP status, UMS code or close code ([`Error::code`]), or a code of the SDK's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    code: Option<ErrorCode>,
    /// The server's own error code.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    server_code: Option<&'a str>,
    /// The UMS request type of a request failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    request_type: Option<&'a str>,
    /// The conversation concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    conversation_id: Option<&'a str>,
    /// The dialog concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    dialog_id: Option<&'a str>,
    /// The ring concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    ring_id: Option<&'a str>,
}

/// [`ErrorJson::code`]: a number, or a code of the SDK's own (`RING_CONVERSATION_TIMEOUT`).
#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged)]
pub(crate) enum ErrorCode {
    /// HTTP status, UMS code or close code.
    Status(u16),
    /// The SDK's own code.
    Text(&'static str),
}
