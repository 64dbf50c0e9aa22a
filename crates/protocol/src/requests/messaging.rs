//! `PublishEvent`, `SubscribeMessagingEvents`, `QueryMessages`
//! (`requests.md` §10–12).

use serde::{Deserialize, Serialize};

use crate::common::Extra;
use crate::enums::MessageAudience;
use crate::events::Event;

/// `PublishEvent` body. Request-level `metadata` / `encodedMetadata` travel
/// on the frame ([`crate::Request`]).
///
/// ```
/// use lpm_protocol::requests::PublishEvent;
/// use lpm_protocol::events::ContentEvent;
/// let p = PublishEvent::new("c1", "c1", ContentEvent::text("hello"));
/// assert_eq!(
///     serde_json::to_value(&p).unwrap(),
///     serde_json::json!({"conversationId":"c1","dialogId":"c1","messageAudience":"ALL",
///         "event":{"type":"ContentEvent","contentType":"text/plain","message":"hello"}}),
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishEvent {
    /// Target dialog (MAIN = conversation id).
    pub dialog_id: String,
    /// Conversation (recommended for non-MAIN dialogs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// `ALL` (default) or `AGENTS_AND_MANAGERS` (brand only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_audience: Option<MessageAudience>,
    /// The event.
    pub event: Event,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

impl PublishEvent {
    /// The body LivePerson's client sends: conversation, dialog,
    /// `messageAudience:"ALL"`, event.
    pub fn new(
        conversation_id: impl Into<String>,
        dialog_id: impl Into<String>,
        event: impl Into<Event>,
    ) -> Self {
        PublishEvent {
            dialog_id: dialog_id.into(),
            conversation_id: Some(conversation_id.into()),
            message_audience: Some(MessageAudience::All),
            event: event.into(),
            extra: Extra::new(),
        }
    }
}

/// `PublishEvent` success body (`{"sequence":0}` for chat states).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PublishEventResponse {
    /// Sequence assigned in the dialog.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub sequence: i64,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ms.SubscribeMessagingEvents` body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscribeMessagingEvents {
    /// The dialog (required).
    pub dialog_id: String,
    /// The conversation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// First sequence wanted (history from here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_seq: Option<i64>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `.ams.ms.QueryMessages` body (brand; answer is an array of event records).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryMessages {
    /// The dialog (required).
    pub dialog_id: String,
    /// Lower bound, inclusive (INFERRED).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newer_than_sequence: Option<i64>,
    /// Upper bound, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub older_than_sequence: Option<i64>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_quantity: Option<i64>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}
