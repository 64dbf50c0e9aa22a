//! The connection's public state (`ConnectionState`, sdk-api §15).

use serde::{Deserialize, Serialize};

/// Where the connection is in its life, with the JavaScript SDK's string values.
///
/// `initial → connecting → connected`; a failed `open()` → `failed_to_connect`; an unexpected
/// close → `disconnected` → `connecting` → `connected`; `close()` → `closing` → `closed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ConnectionState {
    /// Created, never opened.
    Initial,
    /// Authenticating, resolving hosts, opening or verifying the socket, or creating the
    /// default subscription.
    Connecting,
    /// Open and verified.
    Connected,
    /// `open()` gave up (bad credentials, `connectTimeout`, or any failure without
    /// `maintainConnection`).
    FailedToConnect,
    /// Dropped unexpectedly; a reconnect is scheduled and requests are queued.
    Disconnected,
    /// `close()` in progress.
    Closing,
    /// Closed by the user (or dropped without `maintainConnection`).
    Closed,
    /// `connectionType: null` (no I/O).
    Null,
}

impl ConnectionState {
    /// The connection is open or still trying to be: connecting, connected, reconnecting
    /// after a drop, or closing. Only `close()` or a reported permanent failure ends this, so
    /// a driver keeps its process (or runtime) alive exactly while it holds — even when no
    /// socket or request is in flight, as between two reconnect attempts.
    ///
    /// ```
    /// use lpm_core::connection::ConnectionState;
    ///
    /// assert!(ConnectionState::Disconnected.is_active());
    /// assert!(!ConnectionState::Closed.is_active());
    /// assert!(!ConnectionState::FailedToConnect.is_active());
    /// ```
    pub fn is_active(self) -> bool {
        matches!(
            self,
            ConnectionState::Connecting
                | ConnectionState::Connected
                | ConnectionState::Disconnected
                | ConnectionState::Closing
        )
    }

    /// The JavaScript value (`"connected"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionState::Initial => "initial",
            ConnectionState::Connecting => "connecting",
            ConnectionState::Connected => "connected",
            ConnectionState::FailedToConnect => "failed_to_connect",
            ConnectionState::Disconnected => "disconnected",
            ConnectionState::Closing => "closing",
            ConnectionState::Closed => "closed",
            ConnectionState::Null => "null",
        }
    }
}

impl core::fmt::Display for ConnectionState {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}
