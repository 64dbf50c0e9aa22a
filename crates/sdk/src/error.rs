//! The SDK's error type.

use lpm_core::connection::{Error as CoreError, OptionsError};

/// Everything that can go wrong, saying what failed and carrying the server's code.
///
/// Errors never contain credentials or tokens.
///
/// ```
/// use lp_messaging_sdk::Error;
/// let e = Error::Unavailable("the conversation is gone".into());
/// assert_eq!(e.to_string(), "not available: the conversation is gone");
/// assert_eq!(e.code(), None);
/// ```
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The connection options are invalid (nothing was sent).
    #[error("invalid connection options: {0}")]
    Options(String),
    /// A command failed: authentication, HTTP, a UMS error answer, a timeout, a refused
    /// domain operation… (the core's error, with the server's code in [`Error::code`]).
    #[error("{operation} failed: {source}")]
    Command {
        /// The operation (`open`, `sendMessage`, `join`, …).
        operation: &'static str,
        /// What the core reported.
        #[source]
        source: CoreError,
    },
    /// The connection's task has stopped (the runtime shut down or the task panicked).
    #[error("the connection's driver task is not running")]
    DriverGone,
    /// The object (conversation, dialog, message, ring…) is not held by the connection (any
    /// more), or has no such part (e.g. a closed conversation has no open dialog).
    #[error("not available: {0}")]
    Unavailable(String),
    /// The operation does not apply to this value (e.g. downloading a text message).
    #[error("invalid argument: {0}")]
    Invalid(String),
}

impl Error {
    /// The server's code: HTTP status, UMS response code or websocket close code.
    ///
    /// ```
    /// use lp_messaging_sdk::Error;
    /// assert_eq!(Error::DriverGone.code(), None);
    /// ```
    pub fn code(&self) -> Option<u16> {
        match self {
            Error::Command { source, .. } => source.code(),
            _ => None,
        }
    }

    /// The core's error, when a command failed.
    ///
    /// ```
    /// use lp_messaging_sdk::Error;
    /// assert!(Error::DriverGone.core().is_none());
    /// ```
    pub fn core(&self) -> Option<&CoreError> {
        match self {
            Error::Command { source, .. } => Some(source),
            _ => None,
        }
    }

    /// `true` when the failure is worth retrying (network trouble, 5xx, timeouts).
    ///
    /// ```
    /// use lp_messaging_sdk::Error;
    /// assert!(!Error::Invalid("x".into()).is_transient());
    /// ```
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Command { source, .. } => source.is_transient(),
            _ => false,
        }
    }

    pub(crate) fn command(operation: &'static str, source: CoreError) -> Error {
        Error::Command { operation, source }
    }
}

impl From<OptionsError> for Error {
    fn from(e: OptionsError) -> Self {
        Error::Options(e.to_string())
    }
}

/// `Result` with the SDK's [`Error`].
///
/// ```
/// fn parse(n: &str) -> lp_messaging_sdk::Result<u32> {
///     n.parse().map_err(|_| lp_messaging_sdk::Error::Invalid(format!("not a number: {n}")))
/// }
/// assert!(parse("x").is_err());
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;
