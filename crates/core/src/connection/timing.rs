//! Timing ("metrics") events: one [`Timing`] before and after every UMS request, socket
//! connect and authentication call, as LivePerson's SDK emitted them (sdk-api §5.4, §1.2).
//!
//! | name | when | `request` | `response` |
//! |---|---|---|---|
//! | `<requestType>#request` | a UMS request goes on the socket (`requestType` is the wire type of the socket's API version: `.ams.ms.PublishEvent` on brand v2, `ms.PublishEvent` on consumer v3) | the request frame `{kind, id, type, body, headers?, metadata?}` | — |
//! | `<requestType>#response` | its response arrived | the same frame | the response frame `{kind, reqId, code, type, body}` |
//! | `connect#request` / `connect#response` | the websocket of a connect attempt is opened / opened or failed | `{url}` | `{opened: true}` or `{error}` |
//! | `getAgentToken#request` / `#response` | each agentVep login | `{method, url}` | `{status}` or `{error}` |
//! | `getConsumerToken#request` / `#response` | each IDP token call (signup, anonymous authorize or refresh, connector authenticate, mock, step-up) | `{method, url}` | `{status}` or `{error}` |
//! | `getShiftStatus#request` / `#response` / `#error` | each shift-status poll; `#error` instead of `#response` when it failed | `{method, url}` | `{status}` or `{error}` |
//!
//! Times are the core's [`Time`] (epoch ms as the driver passed it in). A request that gets no
//! response within `responseTimeout` emits the `timeout` event
//! ([`Event::Timeout`](super::Event::Timeout)) instead of `#response`.
//!
//! No payload holds a secret: login and IDP bodies (passwords, keys, tokens, claims) are never
//! included, only the method and URL; socket URLs (the brand bearer is in the path) and UMS
//! frames (`InitConnection` carries the consumer JWT) have every secret of the connection
//! replaced by `<redacted>`. Unlike LivePerson's brand connection, which re-emitted the
//! token maintainer's `getAgentToken#response` under the `#request` name (sdk-api §19.3),
//! each event carries its own name.

use serde::Serialize;
use serde_json::Value;

use super::errors::Error;
use crate::time::Time;

/// `connect`: the websocket of one connect attempt.
pub const CONNECT: &str = "connect";
/// `getAgentToken`: one agentVep login.
pub const GET_AGENT_TOKEN: &str = "getAgentToken";
/// `getConsumerToken`: one IDP token call.
pub const GET_CONSUMER_TOKEN: &str = "getConsumerToken";
/// `getShiftStatus`: one shift-status poll.
pub const GET_SHIFT_STATUS: &str = "getShiftStatus";

/// One timing event: the event name is [`Timing::name`] (`<what>#request`, `#response` or
/// `#error`).
///
/// ```
/// use lpm_core::connection::Timing;
/// use lpm_core::time::Time;
/// use serde_json::json;
///
/// let t = Timing {
///     name: "connect#response".into(),
///     start: Time(1_000),
///     end: Some(Time(1_040)),
///     request: json!({"url": "wss://host/ws_api/account/1/messaging/consumer?v=3"}),
///     response: Some(json!({"opened": true})),
///     error: None,
/// };
/// assert_eq!(t.what(), "connect");
/// assert_eq!(t.phase(), "response");
/// assert_eq!(t.duration_ms(), Some(40));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Timing {
    /// The event name, e.g. `ms.PublishEvent#request`, `getAgentToken#response`.
    pub name: String,
    /// When the request started.
    pub start: Time,
    /// When its answer (or failure) came; `None` on `#request`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub end: Option<Time>,
    /// What was asked, without secrets (see the module docs).
    pub request: Value,
    /// What came back, without secrets; `None` on `#request`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub response: Option<Value>,
    /// The failure of a `#error` event.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub error: Option<Error>,
}

impl Timing {
    /// What was timed: the name before `#` (a UMS request type, `connect`, `getAgentToken`…).
    ///
    /// ```
    /// # use lpm_core::connection::Timing;
    /// # use lpm_core::time::Time;
    /// let t = Timing { name: ".ams.ms.PublishEvent#request".into(), start: Time(0), end: None,
    ///     request: serde_json::Value::Null, response: None, error: None };
    /// assert_eq!(t.what(), ".ams.ms.PublishEvent");
    /// ```
    pub fn what(&self) -> &str {
        self.name
            .rsplit_once('#')
            .map_or(self.name.as_str(), |(w, _)| w)
    }

    /// `request`, `response` or `error`: the name after `#`.
    ///
    /// ```
    /// # use lpm_core::connection::Timing;
    /// # use lpm_core::time::Time;
    /// let t = Timing { name: "getShiftStatus#error".into(), start: Time(0), end: Some(Time(3)),
    ///     request: serde_json::Value::Null, response: None, error: None };
    /// assert_eq!(t.phase(), "error");
    /// ```
    pub fn phase(&self) -> &str {
        self.name.rsplit_once('#').map_or("", |(_, p)| p)
    }

    /// `end - start` in ms, once there is an end.
    ///
    /// ```
    /// # use lpm_core::connection::Timing;
    /// # use lpm_core::time::Time;
    /// let t = Timing { name: "connect#request".into(), start: Time(5), end: None,
    ///     request: serde_json::Value::Null, response: None, error: None };
    /// assert_eq!(t.duration_ms(), None);
    /// ```
    pub fn duration_ms(&self) -> Option<u64> {
        self.end.map(|e| e.since(self.start))
    }
}
