//! Request `headers` (only `InitConnection` uses them).

use serde::{Deserialize, Serialize};

use crate::client_properties::ClientProperties;
use crate::common::Extra;

/// Body of a `.ams.headers.ConsumerAuthentication` header.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ConsumerAuthentication {
    /// The LP consumer JWT (≤ 2048 chars).
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub jwt: String,
    /// Unmodelled members.
    #[serde(flatten, skip_deserializing)]
    pub extra: Extra,
}

keeps_extra!(ConsumerAuthentication.extra);

tagged_enum! {
    /// One entry of a request's `headers` array, discriminated by `type`.
    ///
    /// lp-messaging-sdk 1.5.4 sends the authentication header first, then a
    /// client-properties header (just `{"type":".ams.headers.ClientProperties"}`
    /// when it has none); servers must accept any order.
    ///
    /// ```
    /// use lpm_protocol::headers::Header;
    /// let h: Header = serde_json::from_str(
    ///     r#"{"type":".ams.headers.ConsumerAuthentication","jwt":"eyJ…"}"#,
    /// ).unwrap();
    /// assert!(matches!(&h, Header::ConsumerAuthentication(a) if a.jwt == "eyJ…"));
    /// ```
    pub enum Header (tag = "type") {
        /// `.ams.headers.ConsumerAuthentication` with the consumer's `jwt`.
        ConsumerAuthentication(ConsumerAuthentication) = ".ams.headers.ConsumerAuthentication",
        /// `.ams.headers.ClientProperties` with the client properties.
        ClientProperties(ClientProperties) = ".ams.headers.ClientProperties",
    }
}
