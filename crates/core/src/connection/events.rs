//! Events for the user, drained with [`crate::connection::Client::poll_event`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::commands::{CommandId, CommandOutput};
use super::errors::Error;
use super::state::ConnectionState;
use super::subscriptions::SubscriptionHandle;
use super::timing::Timing;
use crate::model::ModelEvent;

/// Why a token was declared invalid (`token-invalid` `source`, LivePerson's values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TokenSource {
    /// The socket closed with an authentication code.
    #[serde(rename = "Websocket-close")]
    WebsocketClose,
    /// The socket upgrade or verification refused the token.
    #[serde(rename = "Websocket-open")]
    WebsocketOpen,
    /// A session refresh was refused.
    #[serde(rename = "refresh-token")]
    RefreshToken,
    /// A shift-status poll was refused.
    #[serde(rename = "shift-status")]
    ShiftStatus,
    /// A UMS REST v1 call of a REST connection was refused.
    #[serde(rename = "rest")]
    Rest,
    /// A message-statistics call was refused (not one of LivePerson's values: its SDK did
    /// not retry statistics calls).
    #[serde(rename = "message-statistics")]
    MessageStatistics,
}

/// One event. The serialised `event` names are the JavaScript SDK's event names.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "event",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Event {
    /// Connected (first open and every reconnect).
    Connect,
    /// Unexpected close; a reconnect follows when `maintainConnection`.
    Disconnect {
        /// Close code.
        code: u16,
        /// Close reason.
        reason: String,
    },
    /// A reconnect finished: subscriptions and agent state re-created, queue flushed.
    Reconnect,
    /// Closed (by `close()`, or a drop without `maintainConnection`).
    Close {
        /// Close code.
        code: u16,
        /// Close reason.
        reason: String,
    },
    /// A background failure (no command to report it to).
    Error {
        /// The error.
        error: Error,
    },
    /// Waiting before the next connect attempt.
    ReconnectWait {
        /// Seconds until the attempt.
        seconds: f64,
    },
    /// A connect attempt failed.
    FailedToConnect {
        /// Why.
        error: Error,
        /// `true` when another attempt is scheduled.
        will_retry: bool,
    },
    /// The connection state changed.
    StateChange {
        /// The new state.
        state: ConnectionState,
    },
    /// Every raw UMS notification frame (`{kind, type, body}`).
    Notification {
        /// The frame as JSON.
        notification: Value,
    },
    /// The token was declared invalid.
    TokenInvalid {
        /// Why.
        source: TokenSource,
    },
    /// The brand session was refreshed.
    RefreshToken,
    /// A new token was obtained after invalidation.
    TokenRegenerated {
        /// Brand agent id (`{acct}.{userId}`), consumer id for consumers.
        agent_id: Option<String>,
    },
    /// First notification of a limit-break-enabled subscription.
    LimitBreak {
        /// The subscription (the parent for child pages).
        subscription: SubscriptionHandle,
        /// A child subscription is created for older conversations.
        creating_child_sub: bool,
        /// 900.
        conversation_limit_threshold: usize,
        /// Changes in the notification.
        notification_change_count: usize,
        /// `maxLastUpdatedTime` of the child, when one is created.
        max_last_update_time: Option<i64>,
    },
    /// A shift-status poll answered (`[{skillId, onShift, nextOn, nextOff}]`).
    ShiftStatus {
        /// The list.
        skills: Value,
    },
    /// A subscription's first notification since it was (re)created arrived.
    SubscriptionReady {
        /// The subscription.
        subscription: SubscriptionHandle,
    },
    /// An object-model event (`conversation`, `message`, `ring`, `close`, …): look the
    /// objects up in [`Client::model`](super::Client::model) by the ids it carries.
    Model {
        /// The event.
        model: ModelEvent,
    },
    /// A timing ("metrics") event, emitted under [`Timing::name`]
    /// (`<requestType>#request`, `connect#response`, …; see [`super::timing`]).
    Timing(Timing),
    /// A UMS request got no response within `responseTimeout` (`timeout`).
    Timeout {
        /// The [`Error::Timeout`].
        error: Error,
    },
    /// The model dropped these objects (closed conversations after their cache time, finished
    /// rings): a driver releases whatever it keeps for their ids. As JSON:
    /// `{"event":"evicted","conversationIds":[…],"dialogIds":[…],"ringIds":[…]}`.
    Evicted {
        /// What was dropped.
        #[serde(flatten)]
        evicted: crate::model::Evicted,
    },
    /// A command finished.
    CommandCompleted {
        /// The command.
        id: CommandId,
        /// Its result.
        result: Result<CommandOutput, Error>,
    },
}
