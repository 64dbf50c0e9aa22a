//! Errors of frame parsing and body decoding.

/// A websocket frame could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// The text is not JSON.
    #[error("frame is not valid JSON: {0}")]
    Json(String),
    /// The JSON is not an object.
    #[error("frame must be a JSON object, found {0}")]
    NotAnObject(&'static str),
    /// `kind` is not `req`, `resp` or `notification`.
    #[error("unknown frame kind {0:?}")]
    UnknownKind(String),
    /// `kind` is missing and the frame is neither a request nor a response.
    #[error("frame has no \"kind\" and no \"id\"/\"type\" or \"reqId\"")]
    MissingKind,
    /// A required member is missing.
    #[error("frame member {0:?} is missing")]
    MissingField(&'static str),
    /// A member has the wrong JSON type or shape.
    #[error("frame member {field:?} is invalid: {reason}")]
    InvalidField {
        /// The member.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A type has no name on the requested API version.
    #[error("{0} has no name on API version {1}")]
    NoNameOnVersion(String, crate::ApiVersion),
    /// A request frame where only responses and notifications are read
    /// ([`Frame::from_server_value`](crate::Frame::from_server_value)): its type.
    #[error("the server sent a request frame ({0})")]
    UnexpectedRequest(String),
}

/// A frame's `body` does not match what its type requires.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// The type name is not in the message-type table.
    #[error("unknown message type {0:?}")]
    UnknownType(String),
    /// The body does not have the required shape.
    #[error("invalid body for {message_type}: {reason}")]
    Invalid {
        /// The message type (wire name or table name).
        message_type: String,
        /// The decoder's message.
        reason: String,
    },
}
