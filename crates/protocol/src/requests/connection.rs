//! `InitConnection`, `GetClock`, `KeepAlive` (`requests.md` §1–3).

use serde::{Deserialize, Serialize};

use crate::common::Extra;

/// An empty body (`{}`), used by `InitConnection`, `GetClock`, `KeepAlive`.
///
/// `InitConnection` carries its data in the frame's `headers`
/// ([`crate::headers::Header`]); lp-messaging-sdk 1.5.4 sends `"body":{}`, lp-api
/// omits the body; both read as this.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EmptyBody {
    /// Unexpected members, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GetClock` success body.
///
/// ```
/// use lpm_protocol::requests::GetClockResponse;
/// let r: GetClockResponse = serde_json::from_str(r#"{"currentTime":1513813587308}"#).unwrap();
/// assert_eq!(r.current_time, 1513813587308);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetClockResponse {
    /// Server time, epoch ms.
    pub current_time: i64,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}
