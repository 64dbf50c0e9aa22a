//! Quick replies and the `click` objects of structured content
//! (`content-types.md` §2, §5).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::common::Extra;
use crate::metadata::Metadata;

/// `publishText` action: the client publishes `text` as a consumer message.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PublishText {
    /// Text to publish.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub text: String,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `link` action.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Link {
    /// Target URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `navigate` action (a map location).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Navigate {
    /// Latitude.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub la: Option<Value>,
    /// Longitude.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lo: Option<Value>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

tagged_enum! {
    /// One action of a `click` (up to 4), discriminated by `type`.
    pub enum Action (tag = "type") {
        /// `publishText`
        PublishText(PublishText) = "publishText",
        /// `link`
        Link(Link) = "link",
        /// `navigate`
        Navigate(Navigate) = "navigate",
    }
}

/// What happens when an element or quick reply is clicked.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Click {
    /// Actions (usually one `publishText`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<Action>>,
    /// Metadata sent along with the click (`ACTION` receipt and published text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Vec<Metadata>>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One quick reply (`"type":"button"`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QuickReply {
    /// `button`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Title (≤ 25 chars).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Tooltip (≤ 256 chars).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tooltip: Option<String>,
    /// Click behaviour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub click: Option<Click>,
    /// Style object (`bold`, `background-color`, …), kept as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<Value>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `quickReplies` attached to a `ContentEvent` or `RichContentEvent`.
///
/// Published limits (enforcement by the server UNCERTAIN, uncertain.md L11):
/// `itemsPerRow` ≤ 8, ≤ 24 replies.
///
/// ```
/// use lpm_protocol::quick_replies::{Action, QuickReplies};
/// let q: QuickReplies = serde_json::from_str(r#"{"type":"quickReplies","itemsPerRow":8,"replies":[
///   {"type":"button","title":"Yes","click":{"actions":[{"type":"publishText","text":"yep"}]}}]}"#).unwrap();
/// let action = &q.replies[0].click.as_ref().unwrap().actions.as_ref().unwrap()[0];
/// assert!(matches!(action, Action::PublishText(p) if p.text == "yep"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuickReplies {
    /// `quickReplies`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Buttons per row (≤ 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items_per_row: Option<u32>,
    /// The replies (≤ 24).
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub replies: Vec<QuickReply>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}
