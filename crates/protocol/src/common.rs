//! Small value types shared by many bodies.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Members of an object that this crate does not model, kept so that reading
/// and writing a body does not lose anything LivePerson adds later.
pub type Extra = Map<String, Value>;

/// A value the wire carries either as a JSON string or as a number (ids such
/// as `campaignId`, `fileSize`, the consumer's `csatRate`).
///
/// ```
/// use lpm_protocol::StringOrNumber;
/// let a: StringOrNumber = serde_json::from_str("\"418732213\"").unwrap();
/// let b: StringOrNumber = serde_json::from_str("418732213").unwrap();
/// assert_eq!(a.to_string(), b.to_string());
/// assert_eq!(b.as_i64(), Some(418732213));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StringOrNumber {
    /// A JSON string.
    String(String),
    /// A JSON number (kept exactly as read).
    Number(serde_json::Number),
}

impl StringOrNumber {
    /// The value as an integer, parsing a string if needed.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            StringOrNumber::String(s) => s.trim().parse().ok(),
            StringOrNumber::Number(n) => n.as_i64(),
        }
    }
}

impl core::fmt::Display for StringOrNumber {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            StringOrNumber::String(s) => f.write_str(s),
            StringOrNumber::Number(n) => write!(f, "{n}"),
        }
    }
}

impl From<&str> for StringOrNumber {
    fn from(s: &str) -> Self {
        StringOrNumber::String(s.to_owned())
    }
}

impl From<String> for StringOrNumber {
    fn from(s: String) -> Self {
        StringOrNumber::String(s)
    }
}

impl From<i64> for StringOrNumber {
    fn from(n: i64) -> Self {
        StringOrNumber::Number(n.into())
    }
}

/// A subscription id, the success body of every subscribe request
/// (`{"subscriptionId":"…"}`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionId {
    /// The new subscription's id (a UUID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Reads `null` like an absent member (`Default::default()`).
///
/// Used on every defaulted non-`Option` member: `#[serde(default)]` alone
/// covers only absence, and LivePerson clients send explicit `null`s.
pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
